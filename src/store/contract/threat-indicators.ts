import { beforeEach, describe, expect, it } from 'vitest';
import type { ThreatIndicator } from '../../model/threat-indicator.js';
import { makeBatch, makeMessage, makeSourceConfig } from '../__fixtures__/builders.js';
import type { Store } from '../store.js';
import type { StoreUnderTest } from './context.js';

const indicator = (over: Partial<ThreatIndicator>): ThreatIndicator => ({
  source: 'feed',
  id: 'indicator--1',
  indicator: '203.0.113.7',
  type: 'ipv4-addr:value',
  actors: 'FANCY BEAR',
  confidence: 90,
  threatType: 'malicious-activity',
  killChain: null,
  validFrom: 1_000,
  validUntil: null,
  raw: '{"id":"indicator--1"}',
  ...over,
});

/** The threat indicators part of the Store contract: upserts by (source, id), rows a lookup can read. */
export function threatIndicatorsContract(t: () => StoreUnderTest): void {
  describe('threat indicators', () => {
    let store: Store;
    beforeEach(() => {
      ({ store } = t());
    });

    it('inserts, replaces by source and id, keeps the first import time and counts per source', async () => {
      const { clock } = t();
      const first = clock.now();
      const domain = indicator({ id: 'indicator--2', indicator: 'Evil.Example', type: 'domain-name:value' });
      expect(await store.threatIndicators.upsert([indicator({}), domain])).toBe(2);
      clock.advance(4_000);
      // The later of two duplicates in one call wins; another source's copy is a row of its own.
      await store.threatIndicators.upsert([
        indicator({ confidence: 10 }),
        indicator({ confidence: 40, actors: null }),
        indicator({ source: 'other' }),
      ]);
      expect(await store.threatIndicators.count()).toBe(3);
      expect(await store.threatIndicators.count('feed')).toBe(2);
      const rows = await store.query(
        "SELECT id, match_key, cs_type, actors, confidence, threat_level, imported, updated FROM threat_indicators WHERE source = 'feed' ORDER BY id",
        [],
      );
      expect(
        rows.map((r) => ({ ...r, confidence: Number(r.confidence), imported: Number(r.imported), updated: Number(r.updated) })),
      ).toEqual([
        {
          id: 'indicator--1',
          match_key: '203.0.113.7',
          cs_type: 'IP_ADDRESS',
          actors: null,
          confidence: 40,
          threat_level: 'low',
          imported: first,
          updated: first + 4_000,
        },
        {
          id: 'indicator--2',
          match_key: 'evil.example',
          cs_type: 'DOMAIN',
          actors: 'FANCY BEAR',
          confidence: 90,
          threat_level: 'high',
          imported: first,
          updated: first,
        },
      ]);
    });

    it('upserts the indicators of a message batch in its transaction: with the checkpoint, or not at all', async () => {
      const c = await store.collectors.create({ name: 'C', description: '', category: '', fields: {} });
      const src = await store.sources.create(c.id, makeSourceConfig());
      const [lease] = await store.leases.claim('p1', { ttlMs: 60_000, max: 10 });
      await store.messages.appendBatch({
        ...makeBatch(src.id, 'threatIntelFeed', [makeMessage(src.id, 'stix-1')], { v: 1, n: 1 }),
        fence: { holder: 'p1', token: lease.token },
        indicators: [indicator({ source: 'mimecast' })],
      });
      expect(await store.threatIndicators.count('mimecast')).toBe(1);
      await store.leases.claim('p2', { ttlMs: 60_000, max: 10 });
      await expect(
        store.messages.appendBatch({
          ...makeBatch(src.id, 'threatIntelFeed', [makeMessage(src.id, 'stix-2')], { v: 1, n: 2 }),
          fence: { holder: 'p1', token: lease.token },
          indicators: [indicator({ source: 'mimecast', id: 'indicator--2', indicator: '198.51.100.2' })],
        }),
      ).rejects.toMatchObject({ code: 'lease.lost' });
      expect(await store.threatIndicators.count('mimecast')).toBe(1);
      expect(await store.checkpoints.get(src.id, 'threatIntelFeed')).toEqual({ v: 1, n: 1 });
    });

    it('writes many in batches', async () => {
      const many = Array.from({ length: 601 }, (_, n) => indicator({ id: `i-${n}`, indicator: `198.51.100.${n % 256}` }));
      expect(await store.threatIndicators.upsert(many)).toBe(601);
      expect(await store.threatIndicators.count()).toBe(601);
    });
  });
}
