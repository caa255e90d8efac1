import type { ResultField, SearchRequest, SearchService } from './search-service.js';

/** A dashboard panel's query with the dashboard's filter values and time range (POST /api/ui/panels/run). */
export interface PanelRequest {
  query: string;
  /** Filter values by variable name; the compiler substitutes them (its one rule, query/variables.ts). */
  variables?: Readonly<Record<string, string>>;
  from: SearchRequest['from'];
  to: SearchRequest['to'];
  timeZone?: string;
}

/** A panel value as JSON carries it: numbers stay numbers, so charts never read them back out of text. */
export type PanelValue = string | number | boolean | null;

export interface PanelResult {
  /** The query as it ran, variables substituted: "Open in Search" shows exactly this. */
  query: string;
  fields: ResultField[];
  /** Whether `rows` are messages or the records of an aggregate (a monitor's preview counts them apart). */
  kind: 'messages' | 'records';
  /** Records for an aggregate query, else messages; keys are field names (lower case). */
  rows: Record<string, PanelValue>[];
}

function toPanelValue(v: unknown): PanelValue {
  if (v === null || v === undefined) return null;
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  if (typeof v === 'string' || typeof v === 'boolean') return v;
  // A bigint beyond 2^53 would lose digits as a JSON number.
  if (typeof v === 'bigint') return v.toString();
  return JSON.stringify(v);
}

/**
 * Runs one dashboard panel synchronously through the search service's run path: compiled with the
 * variables, no job kept and no histogram (a panel draws its rows, never the message histogram).
 */
export async function runPanel(deps: { search: Pick<SearchService, 'run'> }, request: PanelRequest): Promise<PanelResult> {
  const { query, variables, ...range } = request;
  const result = await deps.search.run({ query, ...range }, { variables });
  return {
    query: result.compiled.text,
    fields: result.fields,
    kind: result.kind,
    rows: result.rows.map((row) => Object.fromEntries(Object.entries(row).map(([k, v]) => [k, toPanelValue(v)]))),
  };
}
