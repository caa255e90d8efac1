/**
 * Sumo Logic's alert variables (`{{TriggerType}}`, …) in a connection's payload template. A variable inside
 * a JSON string is JSON-escaped there (a query holding `"` keeps the payload valid JSON); outside a string
 * it is written as a JSON value (`{{NumQueryResults}}` a number, `{{ResultsJson}}` an array).
 */

export const ALERT_VARIABLES = [
  'Name',
  'Description',
  'MonitorType',
  'Query',
  'QueryURL',
  'ResultsJson',
  'NumQueryResults',
  'Id',
  'DetectionMethod',
  'TriggerType',
  'TriggerTimeRange',
  'TriggerTime',
  'TriggerCondition',
  'TriggerValue',
  'TriggerTimeStart',
  'TriggerTimeEnd',
  'SourceURL',
  'AlertResponseUrl',
] as const;
export type AlertVariable = (typeof ALERT_VARIABLES)[number];
export type AlertVariables = Record<AlertVariable, string | number | unknown[]>;

const KNOWN: ReadonlySet<string> = new Set(ALERT_VARIABLES);
/** Sumo's variables are case-insensitive in practice (`{{Resultsjson}}` appears in its own examples). */
const BY_LOWER = new Map(ALERT_VARIABLES.map((v) => [v.toLowerCase(), v]));

function asText(value: string | number | unknown[]): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

function asJson(value: string | number | unknown[]): string {
  return JSON.stringify(value);
}

/**
 * Replaces every known `{{Variable}}`; unknown ones stay as written, as Sumo leaves them. A template that
 * is not JSON (it does not start with `{` or `[`) gets every value as plain text.
 */
export function renderPayload(template: string, variables: AlertVariables): string {
  if (!/^\s*[[{]/.test(template)) return renderText(template, variables);
  let out = '';
  let inString = false;
  for (let i = 0; i < template.length; i++) {
    const ch = template[i];
    if (ch === '{' && template[i + 1] === '{') {
      const end = template.indexOf('}}', i + 2);
      const name =
        end < 0
          ? undefined
          : BY_LOWER.get(
              template
                .slice(i + 2, end)
                .trim()
                .toLowerCase(),
            );
      if (name !== undefined && KNOWN.has(name)) {
        const value = variables[name];
        out += inString ? JSON.stringify(asText(value)).slice(1, -1) : asJson(value);
        i = end + 1;
        continue;
      }
    }
    if (ch === '\\' && inString) {
      out += ch + (template[i + 1] ?? '');
      i++;
      continue;
    }
    if (ch === '"') inString = !inString;
    out += ch;
  }
  return out;
}

/** Every known `{{Variable}}` as text, through `escapeValue` (HTML-escaping for an HTML e-mail body). */
export function renderText(template: string, variables: AlertVariables, escapeValue: (text: string) => string = (t) => t): string {
  return template.replace(/\{\{([^}]*)\}\}/g, (whole, name: string) => {
    const known = BY_LOWER.get(name.trim().toLowerCase());
    return known === undefined ? whole : escapeValue(asText(variables[known]));
  });
}

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => HTML_ESCAPES[ch]);
}

/** A message body is HTML when it holds a tag (`<p>`, `<br/>`, `</b>`); otherwise it is sent as plain text. */
export function isHtml(body: string): boolean {
  return /<\/?[a-z][a-z0-9]*(\s[^>]*)?\/?>/i.test(body);
}
