import { type Static, Type } from '@sinclair/typebox';
import { csvFields } from './csv.js';
import { oneOf } from './validate.js';

/**
 * Lookup tables in the shape of Sumo Logic's Lookup Tables API (`LookupTableSyncDefinition`): a library item
 * with typed fields and primary keys, rows uploaded as CSV, read by `lookup … from path://"/Library/…"`.
 */
export const LOOKUP_FIELD_TYPES = ['boolean', 'int', 'long', 'double', 'string'] as const;
export const LOOKUP_LIMITS = { maxFields: 100, maxPrimaryKeys: 10, maxRows: 1_000_000, maxUploadBytes: 100 * 1024 * 1024 } as const;

const fieldName = Type.String({ minLength: 1, maxLength: 255, pattern: '^[A-Za-z0-9_][A-Za-z0-9_.-]*$' });

export const LookupTableSyncDefinition = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 255 }),
    description: Type.Optional(Type.String({ maxLength: 1024 })),
    fields: Type.Array(Type.Object({ fieldName, fieldType: oneOf(LOOKUP_FIELD_TYPES) }, { additionalProperties: false }), {
      minItems: 1,
      maxItems: LOOKUP_LIMITS.maxFields,
    }),
    primaryKeys: Type.Array(fieldName, { minItems: 1, maxItems: LOOKUP_LIMITS.maxPrimaryKeys }),
    /** Minutes a row lives after it was last written; 0 keeps rows forever. */
    ttl: Type.Optional(Type.Integer({ minimum: 0, maximum: 525_600 })),
    sizeLimitAction: Type.Optional(oneOf(['StopIncomingMessages', 'DeleteOldData'] as const)),
    parentFolderId: Type.String({ minLength: 1 }),
  },
  { additionalProperties: false },
);
export type LookupTableSyncDefinition = Static<typeof LookupTableSyncDefinition>;

/** PUT /api/v1/lookupTables/{id}: what may change after creation (Sumo's LookupUpdateDefinition). */
export const LookupUpdateDefinition = Type.Object(
  {
    ttl: Type.Integer({ minimum: 0, maximum: 525_600 }),
    description: Type.String({ maxLength: 1024 }),
    sizeLimitAction: Type.Optional(oneOf(['StopIncomingMessages', 'DeleteOldData'] as const)),
  },
  { additionalProperties: false },
);
export type LookupUpdateDefinition = Static<typeof LookupUpdateDefinition>;

/** A stored table: the definition with what the server adds. */
export interface LookupTable extends Required<LookupTableSyncDefinition> {
  id: string;
  /** `/Library/Users/<owner>/<folders>/<name>`: what `lookup … from path://"…"` names (matched ignoring case). */
  contentPath: string;
  createdAt: string;
  createdBy: string;
  modifiedAt: string;
  modifiedBy: string;
}

/** One row: its values by field name (text, as uploaded), and its key (the primary key values joined). */
export interface LookupRow {
  key: string;
  values: Record<string, string>;
}

/** Primary key values are joined with the unit separator, which a CSV value cannot hold. */
export const KEY_SEPARATOR = '\u001f';

/**
 * The key names in key order: sorted by name ignoring case, so a query's `on a=x, b=y` builds the same key
 * in whatever order it names them (query/lookup-table.ts).
 */
export function keyOrder(names: readonly string[]): string[] {
  return [...names].sort((a, b) => (a.toLowerCase() < b.toLowerCase() ? -1 : a.toLowerCase() > b.toLowerCase() ? 1 : 0));
}

export function rowKey(table: Pick<LookupTable, 'primaryKeys'>, values: Record<string, string>): string {
  return keyOrder(table.primaryKeys)
    .map((k) => values[k] ?? '')
    .join(KEY_SEPARATOR);
}

const NUMBER = /^-?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;

/** The rule a value of `type` breaks, or null when it fits (an empty value fits every type). */
function typeError(type: (typeof LOOKUP_FIELD_TYPES)[number], v: string): string | null {
  if (v === '') return null;
  if (type === 'boolean') return /^(true|false)$/i.test(v) ? null : 'is not true or false';
  if (type === 'int' || type === 'long') {
    if (!/^-?\d+$/.test(v)) return 'is not a whole number';
    const n = Number(v);
    if (type === 'int' && (n < -2_147_483_648 || n > 2_147_483_647)) return 'is out of the int range';
    return null;
  }
  if (type === 'double') return NUMBER.test(v) ? null : 'is not a number';
  return null;
}

/**
 * Reads CSV with a header row naming the table's fields (in any order, all of them) into rows. Returns the
 * rows or the first problem, naming its 1-based row and column.
 */
export function readLookupCsv(
  table: Pick<LookupTable, 'fields' | 'primaryKeys'>,
  text: string,
): { rows: LookupRow[] } | { row: number; column: number | null; reason: string } {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const header = csvFields(lines[0] ?? '');
  if (!Array.isArray(header)) return { row: 1, ...header };
  const names = header.map((h) => h.trim());
  const known = new Map(table.fields.map((f) => [f.fieldName.toLowerCase(), f]));
  const columns = names.map((n) => known.get(n.toLowerCase()));
  const unknown = columns.findIndex((c) => c === undefined);
  if (unknown >= 0) return { row: 1, column: unknown + 1, reason: `'${names[unknown]}' is not a field of the table` };
  const missing = table.fields.find((f) => !columns.includes(f));
  if (missing) return { row: 1, column: null, reason: `the header has no column for the field '${missing.fieldName}'` };
  const rows: LookupRow[] = [];
  for (let k = 1; k < lines.length; k++) {
    if (lines[k].trim() === '') continue;
    if (rows.length >= LOOKUP_LIMITS.maxRows) return { row: k + 1, column: null, reason: `more than ${LOOKUP_LIMITS.maxRows} rows` };
    const fields = csvFields(lines[k]);
    if (!Array.isArray(fields)) return { row: k + 1, ...fields };
    if (fields.length !== columns.length)
      return { row: k + 1, column: null, reason: `${fields.length} columns where the header has ${columns.length}` };
    const values: Record<string, string> = {};
    for (const [n, column] of columns.entries()) {
      const f = column as LookupTable['fields'][number];
      const broken = typeError(f.fieldType, fields[n]);
      if (broken) return { row: k + 1, column: n + 1, reason: `${f.fieldName} ${broken} (${f.fieldType})` };
      values[f.fieldName] = fields[n];
    }
    for (const key of table.primaryKeys) {
      if (values[key] === '')
        return { row: k + 1, column: columns.findIndex((c) => c?.fieldName === key) + 1, reason: `the primary key ${key} is empty` };
    }
    rows.push({ key: rowKey(table, values), values });
  }
  return { rows };
}
