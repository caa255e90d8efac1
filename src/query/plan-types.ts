import type { GeoField, Literal } from './ast.js';
import type { Pos } from './errors.js';
import type { TransactionOptions } from './transactionize.js';

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
  /** jsonValues of the items whose value at a path reads as a text ([… , path, text, inline 1 for != else 0]). */
  | 'jsonValuesWhere'
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
  | 'parseDate'
  /** Java's URLEncoder (UTF-8): letters, digits and `.-*_` stay, a space is `+`, every other byte `%XX`. */
  | 'urlEncode'
  /** `+` a space, `%XX` a byte (a malformed `%` stays as it is); null where the bytes are not UTF-8. */
  | 'urlDecode';

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
  | { k: 'if'; cond: PExpr; whenTrue: PExpr; whenFalse: PExpr; type: ValueType }
  /** True when some row of the plan's subquery `sub` meets `cond`, which reads its values as `subqueryKey` columns. */
  | { k: 'exists'; sub: number; cond: PExpr };

/** Column `j` of subquery `sub`'s rows, for the `cond` of an `exists`. */
export function subqueryKey(sub: number, j: number, type: ValueType): PExpr {
  return { k: 'col', col: `z${sub}.qk${j}`, type };
}

/**
 * A `[subquery: … | compose …]`: its stages, then the composed `keys` of its rows taken in its `order`, the
 * first `maxResults` distinct ones (Sumo's compose limit), for the `exists` of the outer query.
 */
export interface SubqueryPlan {
  stages: SqlStage[];
  order: OrderKey[];
  keys: PExpr[];
  maxResults: number;
}

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
  /** A requery's source: the rows the post stages made (`row_n`, `row_json`), a parameter bound when they exist. */
  | { stage: 'rows'; note: string }
  | {
      stage: 'scan';
      index: string;
      timeColumn: 'messagetime' | 'receipttime';
      from: number;
      to: number;
      filter: PExpr | null;
      /**
       * compare: each message once per window it falls in, `[from − shift, to − shift)`, with the window's shift
       * in column `qshift` and its message time moved forward by it in `qtime`.
       */
      shifts?: number[];
    }
  | { stage: 'extend'; columns: { col: string; expr: PExpr }[]; filter: PExpr | null; note: string }
  | { stage: 'unnest'; col: string; count: PExpr; keepEmpty: boolean; note: string }
  | { stage: 'filter'; cond: PExpr; note: string }
  | { stage: 'aggregate'; keys: { col: string; expr: PExpr }[]; aggs: AggregateSpec[]; note: string }
  | { stage: 'limit'; n: number; order: OrderKey[]; note: string }
  /**
   * A window function over the rows within each `partition`: `sum(arg)`, `count(arg)`, the row's number in
   * `order`, or `lag` (arg `offset` rows earlier). With `frame`, over the rows from `start` rows before this
   * one (null: the first) to `end` rows before it (0: this row).
   */
  | {
      stage: 'window';
      col: string;
      fn: 'sum' | 'count' | 'rowNumber' | 'lag';
      arg: PExpr | null;
      partition: PExpr[];
      order: OrderKey[];
      frame?: { start: number | null; end: number };
      offset?: number;
      note: string;
    }
  /**
   * transactionize: a pre-pass reads each message's key, `time` and `fields`; the transactions found in JS
   * (transactionize.ts) come back as a parameter table joined on the key into `outputs`.
   */
  | {
      stage: 'transactions';
      index: number;
      time: PExpr;
      fields: PExpr[];
      outputs: { group: string; duration: string; size: string };
      options: TransactionOptions;
      keepOrphans: boolean;
      note: string;
    }
  /**
   * join: each branch's stages run from the rows so far; their `columns` (renamed) side by side where every
   * condition holds. A condition belongs to the JOIN of its later branch (`branch`).
   */
  | {
      stage: 'join';
      branches: { stages: SqlStage[]; columns: { from: string; col: string }[] }[];
      on: { branch: number; left: PExpr; right: PExpr }[];
      note: string;
    }
  /** compare: one row per combination of `keys`, a column per window (`shifts`) or combination of windows. */
  | {
      stage: 'pivot';
      shiftCol: string;
      keys: string[];
      columns: { col: string; fn: 'max' | 'avg' | 'min'; arg: PExpr; shifts: number[] }[];
      note: string;
    }
  | { stage: 'geo'; geoIndex: number; ip: PExpr; outputs: { col: string; field: GeoField }[]; note: string }
  /** `cat`: a lookup table's rows (`qkey` its key, `qrow` its values' JSON) in place of the messages. */
  | { stage: 'tableScan'; path: string; check: TableUse; note: string }
  /** A left join on one lookup table's rows (query/lookup-table.ts), each output read from the row's values. */
  | { stage: 'table'; path: string; key: PExpr; outputs: { col: string; expr: PExpr }[]; check: TableUse; note: string }
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

/** What a table lookup needs of its table: checked before the query runs (query/lookup-table.ts). */
export interface TableUse {
  path: string;
  /** null: any keys (`cat`). */
  keys: string[] | null;
  fields: string[];
  pos: Pos;
}

/**
 * The field holding a lookup table row's values as JSON (`cat`, `lookup *`): its keys become the result's
 * fields when the rows are read (query/execute.ts), as a message's custom fields do.
 */
export const TABLE_ROW_FIELD = '__lookup';

export type PostStage =
  | {
      stage: 'fillmissing';
      spanMs: number;
      timesliceField: string;
      keyFields: string[];
      zeroFields: string[];
      /** null: every value of the field in the rows (`values all`). */
      values: { values: string[] | null; field: string }[];
      defaults: Record<string, Literal>;
      takeLast: boolean;
    }
  | { stage: 'transpose'; row: string[]; column: string[]; valueFields: string[]; outputs: string[]; rest: boolean }
  | { stage: 'sort'; keys: { field: string; desc: boolean }[] }
  | { stage: 'limit'; n: number }
  | { stage: 'fields'; remove: boolean; names: string[] }
  /**
   * The rows so far go back to the database for the operators after them (expressions, where, parse, …): the
   * `index`-th requery. `passthrough`: the rows have columns known only at run time (transpose), kept as they are.
   */
  | { stage: 'requery'; index: number; plan: Plan; passthrough: boolean };

export interface OutputField {
  name: string;
  col: string;
  type: ValueType;
  /** Group keys of an aggregate (Search Job API `keyField`). */
  key: boolean;
}

/** What the planner is given besides the query. */
export interface PlanOptions {
  from: number;
  to: number;
  timeZone: string;
  now: number;
  /** Read a typed column for `json "<key>"` when the store has one (false: always parse `_raw`; same answers). */
  useExtractedColumns: boolean;
  /** AutoParse mode: `json auto` before the first operator. */
  autoParse: boolean;
  byReceiptTime: boolean;
  /** Most rows a query returns (messages or records). */
  maxRows: number;
  /** Partitions a scope without `_index` leaves out (Sumo's default scope). */
  excludedPartitions: readonly string[];
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
  /** The subqueries its `exists` conditions read, each after those it reads itself. */
  subqueries: SubqueryPlan[];
  from: number;
  to: number;
  timeZone: string;
}
