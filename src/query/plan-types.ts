import type { GeoField, Literal } from './ast.js';

/**
 * The dialect-free plan: every field resolved to a column, every expression typed, every stage marked
 * with where it runs (`sql` in the database, `post` in JS over the result rows). SQL generation and the
 * post-processing only read this; it is what `--explain` prints as "plan".
 */
export type ValueType = 'text' | 'number' | 'bool';

/** Functions the dialects implement; a dialect renders each from SQL argument texts. */
export type FnName =
  | 'lower'
  | 'upper'
  | 'length'
  | 'trim'
  | 'substr'
  | 'concat'
  | 'abs'
  | 'round'
  | 'floor'
  | 'ceil'
  | 'contains'
  | 'regexMatch'
  | 'regexExtract'
  | 'like'
  | 'toNumber'
  | 'toText'
  | 'isValidIP'
  | 'formatDate'
  | 'jsonText'
  | 'jsonTextCI'
  | 'jsonList'
  /** [text, path to an array, path in each item] → the items' values as a JSON array's text, null when none. */
  | 'jsonValues'
  | 'listItem'
  | 'timeBucket'
  | 'splitPart'
  | 'splitQuoted'
  | 'regexExtractAllItem'
  | 'regexCount'
  | 'replace'
  /** [text, pattern, ...replacement pieces]: text parameters, or inline group numbers (0 = the whole match). */
  | 'regexReplace'
  | 'isValidIPv4'
  | 'isValidIPv6'
  | 'isPrivateIP'
  | 'isPublicIP'
  | 'sqrt'
  | 'sin'
  | 'cos'
  | 'tan'
  | 'ln'
  | 'log10'
  | 'exp'
  | 'atan2'
  /** [number, inline count of decimals] → text with exactly that many decimals (format's `%.2f`). */
  | 'fixedDecimals'
  /** [text, strftime format, time zone] → epoch milliseconds of the local time it reads, null if it does not read. */
  | 'parseDate';

export type PExpr =
  /** `inline`: a small integer the compiler made (a list index), written into the SQL; every other literal is a bound parameter. */
  | { k: 'lit'; value: Literal; type: ValueType | 'null'; inline?: boolean }
  | { k: 'col'; col: string; type: ValueType }
  | { k: 'fn'; fn: FnName; args: PExpr[]; type: ValueType }
  | { k: 'cmp'; op: '=' | '!=' | '<' | '>' | '<=' | '>='; left: PExpr; right: PExpr; mode: 'number' | 'text' | 'dynamic' }
  | { k: 'arith'; op: '+' | '-' | '*' | '/' | '%'; left: PExpr; right: PExpr }
  | { k: 'and' | 'or'; args: PExpr[] }
  | { k: 'not'; arg: PExpr }
  | { k: 'isnull'; arg: PExpr }
  | { k: 'neg'; arg: PExpr }
  | { k: 'if'; cond: PExpr; whenTrue: PExpr; whenFalse: PExpr; type: ValueType };

export interface OrderKey {
  expr: PExpr;
  desc: boolean;
}

export interface AggregateSpec {
  col: string;
  fn: 'count' | 'countField' | 'count_distinct' | 'sum' | 'avg' | 'min' | 'max' | 'pct' | 'first' | 'last';
  arg: PExpr | null;
  /** pct: the percentile as a fraction (0.95). */
  fraction?: number;
  type: ValueType;
}

export type SqlStage =
  | { stage: 'scan'; index: string; timeColumn: 'messagetime' | 'receipttime'; from: number; to: number; filter: PExpr | null }
  | { stage: 'extend'; columns: { col: string; expr: PExpr }[]; filter: PExpr | null; note: string }
  | { stage: 'unnest'; col: string; count: PExpr; keepEmpty: boolean; note: string }
  | { stage: 'filter'; cond: PExpr; note: string }
  | { stage: 'aggregate'; keys: { col: string; expr: PExpr }[]; aggs: AggregateSpec[]; note: string }
  | { stage: 'limit'; n: number; order: OrderKey[]; note: string }
  /** A window function over the rows: `sum(arg)` or the row's number in `order`, within each `partition`. */
  | { stage: 'window'; col: string; fn: 'sum' | 'rowNumber'; arg: PExpr | null; partition: PExpr[]; order: OrderKey[]; note: string }
  | { stage: 'geo'; geoIndex: number; ip: PExpr; outputs: { col: string; field: GeoField }[]; note: string }
  /** A left join on one lookup table's rows (query/lookup-table.ts), each output read from the row's values. */
  | { stage: 'table'; path: string; key: PExpr; outputs: { col: string; expr: PExpr }[]; note: string }
  /**
   * A left join on the store's threat_indicators table (store/schema.ts), keyed on the lower-cased `key`:
   * indicators still valid at `now`, of `source` when set; `single` keeps each key's best entry only.
   */
  | {
      stage: 'threat';
      key: PExpr;
      now: number;
      source: string | null;
      single: boolean;
      outputs: { col: string; column: string }[];
      note: string;
    };

export type PostStage =
  | {
      stage: 'fillmissing';
      spanMs: number;
      timesliceField: string;
      keyFields: string[];
      zeroFields: string[];
      values: { values: string[]; field: string }[];
    }
  | { stage: 'transpose'; row: string[]; column: string[]; valueFields: string[] }
  | { stage: 'sort'; keys: { field: string; desc: boolean }[] }
  | { stage: 'limit'; n: number }
  | { stage: 'fields'; remove: boolean; names: string[] };

export interface OutputField {
  name: string;
  col: string;
  type: ValueType;
  /** Group keys of an aggregate (Search Job API `keyField`). */
  key: boolean;
}

export interface Plan {
  kind: 'messages' | 'records';
  stages: SqlStage[];
  /** The CTE after which rows are still messages: the histogram counts there. */
  messageStageCount: number;
  output: OutputField[];
  order: OrderKey[];
  limit: number | null;
  /** Messages also carry every key of their JSON (json auto / AutoParse), added from `_raw` after the query. */
  autoFields: boolean;
  post: PostStage[];
  from: number;
  to: number;
  timeZone: string;
}
