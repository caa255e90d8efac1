import type { Pos } from './errors.js';

/** The parsed query: a scope expression and a chain of operators, every node with its position. */
export interface Query {
  scope: ScopeExpr;
  operators: Operator[];
  /** `cat path://"/Library/…"`: the query reads this lookup table's rows instead of messages (Sumo's cat page). */
  table?: { path: string; pos: Pos };
}

export type ScopeExpr =
  | { type: 'all'; pos: Pos }
  | { type: 'keyword'; text: string; pos: Pos }
  | { type: 'phrase'; text: string; pos: Pos }
  | { type: 'meta'; field: string; op: '=' | '!='; value: string; quoted: boolean; pos: Pos }
  /** A chain `a b c`, `a and b`, `a or b or c`: one node with every operand, so no stage recurses along it. */
  | { type: 'and' | 'or'; args: ScopeExpr[]; pos: Pos }
  | { type: 'not'; expr: ScopeExpr; pos: Pos }
  | { type: 'subquery'; sub: Subquery; pos: Pos };

/**
 * `[subquery [from=(…)] [to=(…)]: <query> | compose a, b [maxresults=n] [keywords]]` (Sumo's subqueries page):
 * the child query's rows, as `a = v AND b = w` per row ORed over the rows (or, with `keywords`, the values as
 * search terms); the time options are the text between the parentheses, read when the query is planned.
 */
export interface Subquery {
  query: Query;
  fields: { name: string; pos: Pos }[];
  maxResults: number;
  /** Where `keywords` stands (null without it): the scope takes it, where and if refuse it there. */
  keywords: Pos | null;
  from: { text: string; pos: Pos } | null;
  to: { text: string; pos: Pos } | null;
  pos: Pos;
}

export type Literal = string | number | boolean | null;

export type Expr =
  | { type: 'literal'; value: Literal; pos: Pos }
  /** A `/regex/` literal: only where Sumo takes one (replace's pattern); `matches /…/` is a matches node. */
  | { type: 'regex'; pattern: string; pos: Pos }
  | { type: 'field'; name: string; pos: Pos }
  | { type: 'binary'; op: string; left: Expr; right: Expr; pos: Pos }
  /** A chain `a and b and c`: one node with every operand, so no stage recurses along it. */
  | { type: 'and' | 'or'; args: Expr[]; pos: Pos }
  | { type: 'unary'; op: '-' | 'not'; expr: Expr; pos: Pos }
  | { type: 'call'; name: string; args: Expr[]; pos: Pos }
  | { type: 'in'; expr: Expr; list: Expr[]; negated: boolean; pos: Pos }
  /** The pattern is a quoted wildcard pattern or a regex, or an expression whose value is a wildcard pattern. */
  | { type: 'matches'; expr: Expr; pattern: string | Expr; regex: boolean; pos: Pos }
  | { type: 'cond'; cond: Expr; whenTrue: Expr; whenFalse: Expr; pos: Pos }
  /** `where [subquery: … | compose x]`, `if([subquery: …], a, b)`: true where the row's fields equal a composed row's. */
  | { type: 'subquery'; sub: Subquery; pos: Pos };

/**
 * A JSON path: dotted keys, `[n]` indexes, `['odd key']`, and at most one `[*]` (every item of an array) or
 * `[?(@.k == 'v')]` (the items whose key k reads v as text; `!=` the others that have k).
 */
export type PathSegment =
  | { key: string }
  | { index: number }
  | { wildcard: true; filter?: { path: string; op: '==' | '!='; value: string } };

export interface AggregateCall {
  fn: 'count' | 'count_distinct' | 'sum' | 'avg' | 'min' | 'max' | 'pct' | 'first' | 'last' | 'count_frequent';
  /** Field the aggregate reads (none for `count`). */
  field: string | null;
  percentiles: number[];
  alias: string | null;
  pos: Pos;
}

export interface SortKey {
  field: string;
  desc: boolean;
  pos: Pos;
}

export type Operator =
  | {
      op: 'json';
      field: string;
      paths: { text: string; segments: PathSegment[]; pos: Pos }[];
      names: string[] | null;
      nodrop: boolean;
      pos: Pos;
    }
  | {
      op: 'jsonAuto';
      field: string;
      /** Keys deeper than this many levels are not fields (`maxdepth 1`: `foo` holds its object's JSON). */
      maxDepth: number | null;
      /** `keys "k" as f`: fields made here, by key case-insensitively. */
      keys: { key: string; name: string }[];
      /** With `refonly` only the keys become fields. */
      refOnly: boolean;
      pos: Pos;
    }
  /** `parse "a=*," as a, "b=*," as b`: one or more patterns, each with a name per `*`. */
  | { op: 'parse'; field: string; patterns: { pattern: string; names: string[] }[]; nodrop: boolean; pos: Pos }
  | { op: 'parseRegex'; field: string; pattern: string; nodrop: boolean; multi: boolean; pos: Pos }
  /** `keyvalue "k1", "k2" [as a, b]`: each key's value (inferred, or the one group of `regex`) as a field. */
  | {
      op: 'keyvalue';
      field: string;
      keys: { key: string; name: string }[];
      regex: { pattern: string; pos: Pos } | null;
      nodrop: boolean;
      pos: Pos;
    }
  | {
      op: 'split';
      field: string;
      delim: string;
      escape: string | null;
      quote: string | null;
      extracts: { index: number; name: string }[];
      pos: Pos;
    }
  | { op: 'fields'; remove: boolean; names: string[]; pos: Pos }
  | { op: 'where'; expr: Expr; pos: Pos }
  | { op: 'eval'; expr: Expr; name: string; pos: Pos }
  | { op: 'timeslice'; spanMs: number | null; buckets: number | null; name: string; pos: Pos }
  | { op: 'aggregate'; aggs: AggregateCall[]; by: { name: string; pos: Pos }[]; pos: Pos }
  | { op: 'sort'; keys: SortKey[]; pos: Pos }
  | { op: 'limit'; n: number; pos: Pos }
  /** `by`: an aggregate of the rows per value of the fields, or fields of the rows to rank by. */
  | { op: 'top'; n: number; fields: string[]; by: AggregateCall | SortKey[] | null; pos: Pos }
  | { op: 'topk'; n: number; keys: SortKey[]; by: string[]; pos: Pos }
  | {
      op: 'fillmissing';
      /** The timeslice generator is there (`spanMs`: its own span, else the timeslice stage's). */
      timeslice: boolean;
      spanMs: number | null;
      /** `timeslice … in f`: the group key holding the slices (default: the timeslice stage's field). */
      timesliceIn: { field: string; pos: Pos } | null;
      /** `values("a", "b") in f`, or `values all in f` (null: every value of f in the rows). */
      values: { values: string[] | null; field: string }[];
      /** `with -1 for _count, "none" for x`: what the added rows hold instead of 0 or null. */
      defaults: { field: string; value: Literal; pos: Pos }[];
      /** `takeLast`: an added row takes its group's value of the time slice before. */
      takeLast: boolean;
      pos: Pos;
    }
  /** `as a, b[, *]`: the columns made, in that order (missing ones null); `*` (or no `as`) adds the others. */
  | { op: 'transpose'; row: string[]; column: string[]; outputs: string[]; rest: boolean; pos: Pos }
  /** A geo lookup: each output is a geo field and the name it gets (`lookup country_code as cc from geo://default`). */
  | { op: 'geo'; field: string; outputs: { field: GeoField; name: string }[]; pos: Pos }
  /** `lookup a, b as c from path://"/Library/…" on x=y, …`: a lookup table's fields (query/lookup-table.ts); `all`: `lookup *`. */
  | {
      op: 'table';
      path: string;
      outputs: { field: string; name: string }[];
      all: boolean;
      on: { left: string; right: string; pos: Pos }[];
      pos: Pos;
    }
  /** `save [append] path://"/Library/…"`: the results written to a lookup table; the last operator (search/save-lookup.ts). */
  | { op: 'save'; path: string; append: boolean; pos: Pos }
  /** A threat-intelligence lookup (`lookup … from sumo://threat/cs`, `threatlookup`); see query/threat.ts. */
  | { op: 'threat'; shape: ThreatShape; field: string; outputs: { field: string; name: string }[]; source: string | null; pos: Pos }
  | { op: 'total'; field: string; alias: string; by: string[]; pos: Pos }
  | { op: 'dedup'; n: number; by: string[]; pos: Pos }
  | {
      op: 'outlier';
      field: string;
      by: string[];
      /** Trailing points the mean and standard deviation are taken over. */
      window: number;
      threshold: number;
      /** Indicators in a row that make a violation. */
      consecutive: number;
      direction: '+-' | '+' | '-';
      pos: Pos;
    }
  | { op: 'accum'; field: string; alias: string; by: string[]; pos: Pos }
  | { op: 'backshift'; field: string; shift: number; alias: string; by: string[]; pos: Pos }
  | { op: 'compare'; comparisons: Comparison[]; pos: Pos }
  | {
      op: 'join';
      /** Each table: a sub-query over the messages so far, and its name (`t1_a` after the join). */
      tables: { name: string; operators: Operator[]; pos: Pos }[];
      on: { left: { table: string; field: string }; right: { table: string; field: string }; pos: Pos }[];
      pos: Pos;
    }
  | {
      op: 'transactionize';
      fields: string[];
      /** Names the fields made: `_group`, `_group_duration`, `_group_size` by default. */
      alias: string;
      maxSpanMs: number | null;
      maxPauseMs: number | null;
      maxLogs: number | null;
      keepOrphans: boolean;
      pos: Pos;
    };

/** One `timeshift 1d [7] [avg|min|max] [as name]` of compare: `count` windows back, each `span` further. */
export interface Comparison {
  span: { ms: number; n: number; unit: string };
  count: number;
  /** Combine the windows into one value (`_count_7d_avg`); null: one field per window. */
  fn: 'avg' | 'min' | 'max' | null;
  alias: string | null;
  pos: Pos;
}

export const GEO_FIELDS = [
  'latitude',
  'longitude',
  'country_code',
  'country_name',
  'region',
  'city',
  'postal_code',
  'area_code',
  'metro_code',
] as const;
export type GeoField = (typeof GEO_FIELDS)[number];
/** What `geoip x` adds: every geo field our data has (the GeoLite2 data has no area or metro codes). */
export const GEOIP_FIELDS: readonly GeoField[] = GEO_FIELDS.filter((f) => f !== 'area_code' && f !== 'metro_code');
/** `cs`: `lookup … from sumo://threat/cs` (one best entry); `all`/`single`: `threatlookup [singleIndicator]`. */
export type ThreatShape = 'cs' | 'all' | 'single';
