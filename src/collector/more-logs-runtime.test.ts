import { afterEach, describe, expect, it } from 'vitest';
import { until } from '../core/test-until.js';
import type { DataType } from '../model/message.js';
import { expectedEvents } from '../simulator/index.js';
import { simulatorCollection } from './test-sim-runtime.js';

/**
 * The TTP, held-release and archive-search logs collected by a real runtime from the simulator into a
 * real DuckDB store: every event exactly once, with its metadata, and a forbidden one of them stopping
 * only itself.
 */
const NEW_TYPES = ['ttpUrlLogs', 'ttpAttachmentLogs', 'ttpImpersonationLogs', 'heldReleaseLogs', 'archiveSearchLogs'] as const;
const SIM = {
  seed: 4,
  ttpUrlPerHour: 40,
  ttpAttachmentPerHour: 30,
  ttpImpersonationPerHour: 20,
  heldReleasePerHour: 20,
  archiveSearchPerHour: 10,
};
const EVENT_IDS: Record<(typeof NEW_TYPES)[number], string> = {
  ttpUrlLogs: 'ttp',
  ttpAttachmentLogs: 'ttp',
  ttpImpersonationLogs: 'ttp',
  heldReleaseLogs: 'held_release',
  archiveSearchLogs: 'archive_search',
};

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.reverse()) await c();
  cleanups.length = 0;
});

describe('collecting the TTP, held-release and archive-search logs', () => {
  it('stores every event of each type exactly once with its metadata; a forbidden type stops only itself', async () => {
    const from = Math.floor((Date.now() - 6 * 3_600_000) / 1000) * 1000;
    const { store, source, runtime, cleanup } = await simulatorCollection({
      simulator: { ...SIM, faults: { forbidden: ['archiveSearchLogs'] } },
      source: { dataCollection: [...NEW_TYPES], startTime: new Date(from).toISOString() },
    });
    cleanups.push(cleanup);
    const began = Date.now();
    await runtime.start();
    const collecting = NEW_TYPES.filter((t) => t !== 'archiveSearchLogs');
    const state = await until(async () => {
      const stats = await store.checkpoints.stats(source.id);
      const s = await store.sources.get(source.id);
      const polled = collecting.every((t) => (stats[t]?.lastPollAt ?? 0) >= began);
      return polled && s?.state.dataTypes?.archiveSearchLogs?.state === 'Error' ? s.state : undefined;
    }, 'catch-up');
    expect(state.state).toBe('Collecting');
    expect(state.dataTypes?.archiveSearchLogs?.error).toMatchObject({ type: 'ThirdPartyConfig', code: '403' });

    // Events of the last minutes may still be on their way; everything older is in exactly once.
    const cutoff = Date.now() - 3 * 60_000;
    const rows = await store.query(
      'SELECT source_name, dedupe_key, fields FROM messages WHERE source_id = ? AND messagetime >= ? AND messagetime < ?',
      [source.id, from, cutoff],
    );
    const byType = new Map<string, string[]>();
    for (const r of rows) {
      const type = String(r.source_name) as (typeof NEW_TYPES)[number];
      byType.set(type, [...(byType.get(type) ?? []), String(r.dedupe_key)]);
      expect(JSON.parse(String(r.fields))).toMatchObject({ _siemVendor: 'Mimecast', _siemEventID: EVENT_IDS[type] });
    }
    for (const type of collecting) {
      const want = expectedEvents(SIM, type as DataType, from, cutoff);
      expect(want.length).toBeGreaterThan(10);
      expect(byType.get(type)?.length).toBe(want.length);
      expect(new Set(byType.get(type)).size).toBe(want.length);
    }
    expect(byType.has('archiveSearchLogs')).toBe(false);
  });
});
