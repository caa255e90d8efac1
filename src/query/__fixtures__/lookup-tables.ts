import { type LookupRow, type LookupTable, rowKey } from '../../model/lookup-table.js';

const table = (id: string, contentPath: string, fields: string[], primaryKeys: string[]): LookupTable => ({
  id,
  name: contentPath.split('/').at(-1) as string,
  description: '',
  fields: fields.map((fieldName) => ({ fieldName, fieldType: 'string' })),
  primaryKeys,
  ttl: 0,
  sizeLimitAction: 'StopIncomingMessages',
  parentFolderId: 'P0',
  contentPath,
  createdAt: '2026-01-01T00:00:00.000Z',
  createdBy: 'analyst@example.com',
  modifiedAt: '2026-01-01T00:00:00.000Z',
  modifiedBy: 'analyst@example.com',
});

const rows = (t: LookupTable, values: Record<string, string>[]): LookupRow[] => values.map((v) => ({ key: rowKey(t, v), values: v }));

const senders = table('LT1', '/Library/Users/analyst@example.com/Senders', ['ip', 'Owner', 'risk'], ['ip']);
const pairs = table('LT2', '/Library/Users/analyst@example.com/Pairs', ['ip', 'category', 'tag'], ['ip', 'category']);

/** Lookup tables beside messages.ts: owners of two of its sender addresses, and a table keyed on two fields. */
export const LOOKUP_TABLES: { table: LookupTable; rows: LookupRow[] }[] = [
  {
    table: senders,
    rows: rows(senders, [
      { ip: '81.2.69.142', Owner: 'mail-gw', risk: '1' },
      { ip: '89.160.20.112', Owner: 'partner', risk: '5' },
    ]),
  },
  {
    table: pairs,
    rows: rows(pairs, [
      { ip: '81.2.69.142', category: 'mimecast', tag: 'known' },
      { ip: '81.2.69.142', category: 'other', tag: 'wrong' },
    ]),
  },
];
