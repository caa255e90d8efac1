import { AUDIT_INDEX, MAIN_INDEX, METADATA_COLUMNS, PARTITION_COLUMN, SYSTEM_EVENTS_INDEX } from '../model/message.js';
import { DEFAULT_PARTITION } from '../model/partition.js';
import type { ScopeExpr } from './ast.js';
import { allOf, fn, lit } from './plan-expr.js';
import type { PExpr, SqlStage } from './plan-types.js';
import { escapeRegex } from './regex.js';

const col = (name: string, type: 'text' | 'number' = 'text'): PExpr => ({ k: 'col', col: name, type });
const RAW = col('raw');

/**
 * The index a scope searches: `_index=sumologic_system_events` (or `health_events`) or `sumologic_audit` at
 * its top level, else `main`, which holds every partition's messages (a search without `_index` searches
 * them all, as Sumo's does). `_index=NAME` of a partition searches `main` with the partition's filter:
 * `part_name` is NULL for the default partition (model/partition.ts).
 */
export function scopeIndex(scope: ScopeExpr): { index: string; rest: ScopeExpr; partition: PExpr | null } {
  let index = MAIN_INDEX;
  let partition: PExpr | null = null;
  const strip = (e: ScopeExpr): ScopeExpr | null => {
    if (e.type === 'and') {
      const args = e.args.map(strip).filter((a): a is ScopeExpr => a !== null);
      if (args.length <= 1) return args[0] ?? null;
      return { ...e, args };
    }
    if (e.type === 'meta' && (e.field === '_index' || e.field === '_view') && e.op === '=' && !e.value.includes('*')) {
      const v = e.value.toLowerCase();
      if (v === 'health_events' || v === SYSTEM_EVENTS_INDEX || v === AUDIT_INDEX || v === MAIN_INDEX) {
        index = v === 'health_events' ? SYSTEM_EVENTS_INDEX : v;
      } else if (v === DEFAULT_PARTITION) {
        partition = { k: 'isnull', arg: col(PARTITION_COLUMN) };
      } else {
        partition = { k: 'cmp', op: '=', left: fn('lower', [col(PARTITION_COLUMN)], 'text'), right: lit(v), mode: 'text' };
      }
      return null;
    }
    return e;
  };
  const rest = strip(scope) ?? { type: 'all', pos: scope.pos };
  return { index, rest, partition };
}

/**
 * What a scope without `_index` searches: every partition but those left out of the default scope. A message of
 * the default partition (or of a deleted one, counted there) has no `part_name` left out, so NULL passes.
 */
export function defaultScope(excluded: readonly string[]): PExpr | null {
  if (excluded.length === 0) return null;
  const named = lower(col(PARTITION_COLUMN));
  const left: PExpr[] = excluded.map((name) => ({ k: 'cmp', op: '=', left: named, right: lit(name), mode: 'text' }));
  return {
    k: 'or',
    args: [
      { k: 'isnull', arg: col(PARTITION_COLUMN) },
      { k: 'not', arg: left.length === 1 ? left[0] : { k: 'or', args: left } },
    ],
  };
}

const lower = (e: PExpr): PExpr => fn('lower', [e], 'text');

/** Column of a metadata field in the scope, or the custom field read from the `fields` JSON. */
function metaValue(field: string): PExpr {
  if (field === '_index' || field === '_view') return col('idx');
  const meta = METADATA_COLUMNS.find((m) => m.field === field);
  if (meta) return meta.type === 'text' ? col(meta.column) : fn('toText', [col(meta.column, 'number')], 'text');
  return fn('jsonTextCI', [col('fields'), lit(field)], 'text');
}

/** A bare keyword matches a whole term, case-insensitive; a literal piece of it is tested first, cheaply. */
function keyword(text: string): PExpr | null {
  const pieces = text.split('*');
  if (pieces.every((p) => p === '')) return null;
  const regex = `(?i)(?:^|[^A-Za-z0-9_])${pieces.map(escapeRegex).join('\\S*')}(?:[^A-Za-z0-9_]|$)`;
  const longest = pieces.reduce((a, b) => (b.length > a.length ? b : a), '');
  return {
    k: 'and',
    args: [fn('contains', [fn('lower', [RAW], 'text'), lit(longest.toLowerCase())], 'bool'), fn('regexMatch', [RAW, lit(regex)], 'bool')],
  };
}

export function scopeFilter(e: ScopeExpr): PExpr | null {
  switch (e.type) {
    case 'all':
      return null;
    case 'keyword':
      return keyword(e.text);
    case 'phrase':
      return e.text === '' ? null : fn('contains', [fn('lower', [RAW], 'text'), lit(e.text.toLowerCase())], 'bool');
    case 'meta': {
      const value = fn('lower', [metaValue(e.field)], 'text');
      const wildcard = !e.quoted && e.value.includes('*');
      const test: PExpr =
        wildcard && e.value.replace(/\*/g, '') === ''
          ? { k: 'not', arg: { k: 'isnull', arg: value } }
          : wildcard
            ? fn(
                'like',
                [
                  value,
                  lit(
                    e.value
                      .toLowerCase()
                      .replace(/[\\%_]/g, '\\$&')
                      .replace(/\*/g, '%'),
                  ),
                ],
                'bool',
              )
            : { k: 'cmp', op: '=', left: value, right: lit(e.value.toLowerCase()), mode: 'text' };
      return e.op === '=' ? test : { k: 'not', arg: test };
    }
    case 'not': {
      const inner = scopeFilter(e.expr);
      return inner ? { k: 'not', arg: inner } : lit(false);
    }
    case 'and':
      return allOf(e.args.map(scopeFilter).filter((a): a is PExpr => a !== null));
    case 'or': {
      // An operand that matches everything makes the whole `or` match everything.
      const args = e.args.map(scopeFilter);
      return args.includes(null) ? null : { k: 'or', args: args as PExpr[] };
    }
  }
}

/** The query's first stage: the messages of its index and time range that its scope matches. */
export function scanStage(
  scope: ScopeExpr,
  options: { byReceiptTime: boolean; from: number; to: number; excludedPartitions: readonly string[] },
  shifts: number[] | null,
): SqlStage {
  const { index, rest, partition: named } = scopeIndex(scope);
  const partition = named ?? (index === MAIN_INDEX ? defaultScope(options.excludedPartitions) : null);
  const filter = scopeFilter(rest);
  return {
    stage: 'scan',
    index,
    timeColumn: options.byReceiptTime ? 'receipttime' : 'messagetime',
    from: options.from,
    to: options.to,
    filter: partition === null ? filter : filter === null ? partition : allOf([partition, filter]),
    ...(shifts ? { shifts } : {}),
  };
}
