import { DuckDBInstance } from '@duckdb/node-api';
import { describe, expect, it } from 'vitest';
import { makeMessage } from '../__fixtures__/builders.js';
import { uniqueMessages, withDedupeHashSql } from './message-writer.js';

describe('message-writer dedupe hash', () => {
  // Stored state: message_keys of existing stores hold these values, so a replay after an upgrade must hash the same.
  it('keeps the 128-bit keys earlier versions stored (signed, MD5 of sourceId NUL dedupeKey)', () => {
    const keys = uniqueMessages(['siem:h:abc', 'audit:id:9', 'siem:h:y'].map((k) => makeMessage('SRC1', k))).map((r) => r.key);
    expect(keys).toEqual([
      -24313621474343007655258532013522758207n,
      -77285090955583704635370695389184568653n,
      3633753591607982041426537221935813453n,
    ]);
  });

  it('keeps the first of a repeated key in a batch', () => {
    const rows = uniqueMessages([
      makeMessage('S', 'a', { raw: '1' }),
      makeMessage('S', 'a', { raw: '2' }),
      makeMessage('T', 'a', { raw: '3' }),
    ]);
    expect(rows.map((r) => [r.message.sourceId, r.message.raw])).toEqual([
      ['S', '1'],
      ['T', '3'],
    ]);
  });

  it('hashes in SQL (migration 10) exactly as in JS, both signs, any text', async () => {
    const pairs: [string, string][] = [
      ['SRC1', 'siem:h:abc'],
      ['SRC1', 'audit:id:9'],
      ['a', 'ü€ 漢字'],
      ['', ''],
      ['S', "it's"],
    ];
    for (let i = 0; i < 200; i++) pairs.push([`source-${i % 3}`, `key-${i}-${'x'.repeat(i % 40)}`]);
    const expected = uniqueMessages(pairs.map(([s, d]) => makeMessage(s, d))).map((r) => r.key);
    expect(expected.some((k) => k < 0n) && expected.some((k) => k > 0n)).toBe(true);
    const instance = await DuckDBInstance.create(':memory:');
    const connection = await instance.connect();
    try {
      const values = pairs.map(() => '(?, ?, ?)').join(', ');
      const reader = await connection.runAndReadAll(
        `SELECT k FROM (${withDedupeHashSql(`(VALUES ${values}) v(i, source_id, dedupe_key)`)}) ORDER BY i`,
        pairs.flatMap(([s, d], i) => [i, s, d]),
      );
      expect(reader.getRowsJS().map(([k]) => k)).toEqual(expected);
    } finally {
      connection.closeSync();
      instance.closeSync();
    }
  });
});
