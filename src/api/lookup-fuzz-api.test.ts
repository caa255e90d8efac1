import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../core/clock.js';
import { INDICATORS } from '../query/__fixtures__/indicators.js';
import { LOOKUP_TABLES } from '../query/__fixtures__/lookup-tables.js';
import { DAY, MESSAGES } from '../query/__fixtures__/messages.js';
import { toStoreMessage } from '../query/test-support.js';
import { Rng } from '../simulator/random.js';
import { startTestApi, type TestApi } from './test-helpers.js';

/**
 * Seeded fuzz of the lookup syntax run end to end (geo, threat and table lookups over real rows): every query
 * is answered 200 or a positioned 400, never a 5xx, SQL text or a stack trace.
 */
const PIECES = [
  '| lookup',
  'latitude',
  'country_code as cc',
  'area_code',
  'type, actor, raw, threatlevel as tl',
  'owner as who',
  'tag',
  ',',
  'from',
  'geo://default',
  'geo://location',
  'sumo://threat/cs',
  'path://"/Library/Users/analyst@example.com/Senders"',
  '/Library/Users/analyst@example.com/Pairs',
  'path://"/Library/none"',
  'on',
  'ip',
  'ip=ip',
  'threat=ip',
  'category=_sourcecategory, ip=ip',
  '=',
  '| threatip ip',
  '| threatlookup singleIndicator ip',
  '| threatlookup source="feed-b" ip',
  '| count by ip',
  '| where !isNull(_threatlookup.source)',
  '| json "senderIp" as ip',
  '"',
  '(',
  '*',
];

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi({ clock: new ManualClock(DAY + 86_400_000) });
  await api.store.messages.append(MESSAGES.map(toStoreMessage));
  await api.store.threatIndicators.upsert(INDICATORS);
  for (const { table, rows } of LOOKUP_TABLES) {
    await api.store.lookupTables.put(table);
    await api.store.lookupTables.writeRows(table.id, rows, false);
  }
});
afterAll(() => api.close());

describe('lookup queries, fuzzed, end to end', () => {
  it('answers 200 or a positioned 400 for 300 seeded queries', async () => {
    const rng = new Rng(11);
    const statuses = new Set<number>();
    for (let n = 0; n < 300; n++) {
      const parts = ['_sourceCategory=mimecast | json "senderIp" as ip'];
      const count = 1 + rng.int(8);
      for (let k = 0; k < count; k++) parts.push(PIECES[rng.int(PIECES.length)]);
      const query = parts.join(' ');
      const res = await api.app.inject({
        method: 'POST',
        url: '/api/ui/panels/run',
        headers: { authorization: api.auth },
        payload: { query, from: '2026-11-20T00:00:00', to: '2026-11-21T00:00:00', timeZone: 'UTC' },
      });
      statuses.add(res.statusCode);
      expect([200, 400], query).toContain(res.statusCode);
      if (res.statusCode === 400) {
        expect(res.json().message, query).toMatch(/^line \d+, column \d+: /);
        expect(res.body, query).not.toMatch(/SELECT|lookup_rows|threat_indicators|\n\s+at /);
      }
    }
    expect([...statuses].sort()).toEqual([200, 400]);
  });
});
