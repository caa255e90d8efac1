import type { Pos } from './errors.js';

/** The parsed query: a scope expression and a chain of operators, every node with its position. */
export interface Query {
  scope: ScopeExpr;
  operators: Operator[];
}

export type ScopeExpr =
  | { type: 'all'; pos: Pos }
  | { type: 'keyword'; text: string; pos: Pos }
  | { type: 'phrase'; text: string; pos: Pos }
  | { type: 'meta'; field: string; op: '=' | '!='; value: string; quoted: boolean; pos: Pos }
  /** A chain `a b c`, `a and b`, `a or b or c`: one node with every operand, so no stage recurses along it. */
  | { type: 'and' | 'or'; args: ScopeExpr[]; pos: Pos }
  | { type: 'not'; expr: ScopeExpr; pos: Pos };

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
  | { type: 'cond'; cond: Expr; whenTrue: Expr; whenFalse: Expr; pos: Pos };

/** A JSON path: dotted keys, `[n]` indexes, `['odd key']`, and at most one `[*]` (every item of an array). */
export type PathSegment = { key: string } | { index: number } | { wildcard: true };

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
  | { op: 'parse'; field: string; pattern: string; names: string[]; nodrop: boolean; pos: Pos }
  | { op: 'parseRegex'; field: string; pattern: string; nodrop: boolean; multi: boolean; pos: Pos }
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
  | { op: 'top'; n: number; fields: string[]; by: AggregateCall | { field: string; pos: Pos } | null; pos: Pos }
  | { op: 'fillmissing'; spanMs: number | null; values: { values: string[]; field: string }[]; pos: Pos }
  | { op: 'transpose'; row: string[]; column: string[]; pos: Pos }
  /** A geo lookup: each output is a geo field and the name it gets (`lookup country_code as cc from geo://default`). */
  | { op: 'geo'; field: string; outputs: { field: GeoField; name: string }[]; pos: Pos }
  /** `lookup a, b as c from path://"/Library/…" on key=field, …`: a lookup table's fields (query/lookup-table.ts). */
  | { op: 'table'; path: string; outputs: { field: string; name: string }[]; on: { key: string; field: string }[]; pos: Pos }
  /** A threat-intelligence lookup (`lookup … from sumo://threat/cs`, `threatlookup`); see query/threat.ts. */
  | { op: 'threat'; shape: ThreatShape; field: string; outputs: { field: string; name: string }[]; source: string | null; pos: Pos }
  | { op: 'total'; field: string; alias: string; by: string[]; pos: Pos }
  | { op: 'dedup'; n: number; by: string[]; pos: Pos };

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
