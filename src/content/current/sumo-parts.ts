import { q } from '../query-parts.js';

/**
 * Builders for the current Sumo Mimecast app, which writes its queries in Sumo's own style: keywords after
 * the data source, one `json … nodrop` of every field the dashboard filters on, then the dashboard filters
 * under a `// global filters` comment as `field matches "{{variable}}"`. The four queries Sumo publishes
 * are written from this head plus their own stages, so they stay exactly Sumo's text.
 */
export interface SumoHead {
  /** The keywords that follow the data source (`auditType id`). */
  keywords: string;
  /** `[json key, field]` pairs, in Sumo's order. */
  fields: [string, string][];
  /** The `where` clause of the global filters. */
  filters: string;
  /** Sumo's own `json` line, where its spacing differs from the one written from `fields`. */
  json?: string;
}

function jsonLine(head: SumoHead): string {
  return (
    head.json ?? `| json ${head.fields.map(([key]) => `"${key}"`).join(', ')} as ${head.fields.map(([, name]) => name).join(', ')} nodrop`
  );
}

/** `$$logsrc` with the keywords, the json line and the global filters, laid out as Sumo does. */
export function sumoHead(head: SumoHead): string {
  return q(`$$logsrc ${head.keywords}`, jsonLine(head), '', '// global filters', `| where ${head.filters}`, '');
}

/**
 * Hourly lines end `| sort by _timeslice` (newest first; the chart orders its points by time): a panel draws
 * at most 100 rows, so over the default 7 days it keeps the latest hours rather than the empty oldest ones.
 */
export const NEWEST_FIRST = '| sort by _timeslice';

/**
 * Sumo's anomaly panels: each hour against the mean and spread of the five before it, an hour three standard
 * deviations above being a violation; drawn as the count with the band's upper edge and the violations.
 */
export const OUTLIER = '| outlier _count window=5, threshold=3, consecutive=1, direction=+';
export const OUTLIER_FIELDS = '| fields _timeslice, _count, _count_upper, _count_violation';

/** Sumo's filter clause for variables that filter fields of the same name: `a matches "{{a}}" and …`. */
export function matchesAll(...fields: string[]): string {
  return fields.map((f) => `${f} matches "{{${f}}}"`).join(' and ');
}

/** A query of the head's records with more stages: extra fields are extracted after the filters. */
export function panelQuery(head: SumoHead, ...stages: string[]): string {
  return q(sumoHead(head), ...stages);
}

/**
 * The values of a filter variable in the data, for the filter bar: the head's records (filters left out,
 * so one filter does not hide the others' values), the 50 most frequent values of `field`.
 */
export function headValues(head: SumoHead, field: string): string {
  return q(
    `$$logsrc ${head.keywords}`,
    jsonLine(head),
    `| where !isBlank(${field})`,
    `| count by ${field}`,
    '| sort by _count',
    '| limit 50',
  );
}

/** The head's filter variables, each listing the values seen. */
export function headVariables(head: SumoHead, names: string[]) {
  return names.map((name) => ({ name, displayName: name, valuesQuery: headValues(head, name) }));
}
