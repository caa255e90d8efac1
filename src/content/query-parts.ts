/**
 * Small builders for the app's queries, so every panel applies its dashboard's filters the same way.
 *
 * A filter variable left at its default `*` must filter nothing, including messages that lack the field
 * (a `matches "*"` alone would drop those, as null matches no pattern): hence the `"{{v}}" = "*" or …`.
 */
export function variableFilter(variable: string, field: string, pattern = `{{${variable}}}`): string {
  return `("{{${variable}}}" = "*" or ${field} matches "${pattern}")`;
}

/** A `where` stage applying every filter given, in order. */
export function whereFilters(...filters: string[]): string {
  return `| where ${filters.join(' and ')}`;
}

/** The time column of the app's tables: the event's own time, readable and sortable. */
export const TIME_COLUMN = '| formatDate(_messagetime, "yyyy-MM-dd HH:mm:ss") as time';

/** Joins query lines; the app writes one stage per line so a query reads well in the search page. */
export function q(...lines: string[]): string {
  return lines.join('\n');
}

/**
 * `$$logsrc` with the named JSON keys extracted (`[key, field]` pairs, nodrop) and `event_type` set.
 * The SIEM stream names the log type `eventType` and the batch files `type`: both are read, so data
 * collected either way (or imported from batch files) fills the same panels.
 */
export function siemEvents(pairs: [string, string][]): string {
  const all: [string, string][] = [['eventType', 'stream_type'], ['type', 'batch_type'], ...pairs];
  return q(
    '$$logsrc',
    `| json ${all.map(([key]) => `"${key}"`).join(', ')} as ${all.map(([, name]) => name).join(', ')} nodrop`,
    '| if(isNull(stream_type), batch_type, stream_type) as event_type',
  );
}

/**
 * The values of a filter variable seen in the data, for the filter bar: the listed JSON keys extracted as
 * `v0`, `v1`, …, then `stages` that compute the variable's field; counted, the 50 most frequent.
 */
export function valuesQuery(variable: string, keys: string[], ...stages: string[]): string {
  return q(
    '$$logsrc',
    `| json ${keys.map((k) => `"${k}"`).join(', ')} as ${keys.map((_, i) => `v${i}`).join(', ')} nodrop`,
    ...stages,
    `| where !isBlank(${variable})`,
    `| count by ${variable}`,
    '| limit 50',
  );
}
