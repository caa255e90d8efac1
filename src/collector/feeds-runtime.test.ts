import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { until } from '../core/test-until.js';
import { SET_ASIDE_MAX_FILES } from './set-aside-files.js';
import { simulatorCollection } from './test-sim-runtime.js';

/**
 * Cloud Integrated logs (with batch files that have broken lines set aside) and the threat-intel feed (with
 * its indicators) collected by a real runtime from the simulator into DuckDB.
 */
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.reverse()) await c();
  cleanups.length = 0;
});

describe('collecting the Cloud Integrated logs and the threat-intel feed', () => {
  it('stores the events once each, sets damaged files aside with a health event naming them, and keeps collecting', async () => {
    const { store, source, runtime, cleanup, setAsideDir } = await simulatorCollection({
      simulator: { seed: 5, ciPerHour: 60, faults: { brokenBatchLines: true } },
      // The simulator breaks every other 15-minute batch file of each of the three types: 4 h hold at least
      // 8 × 3 = 24 broken files (more than SET_ASIDE_MAX_FILES) at any minute of the hour, where 3 h held 18 or 21.
      source: { dataCollection: ['cloudIntegrated'], startTime: '-4h' },
    });
    cleanups.push(cleanup);
    const began = Date.now();
    await runtime.start();
    await until(async () => ((await store.checkpoints.stats(source.id)).cloudIntegrated?.lastPollAt ?? 0) >= began || undefined, 'a poll');
    const s = await store.sources.get(source.id);
    expect(s?.state.state).toBe('Collecting');
    // Stopped, so the files kept and the event's count are read at one moment.
    await runtime.stop();
    const rows = await store.query('SELECT dedupe_key, fields FROM messages WHERE source_id = ?', [source.id]);
    expect(rows.length).toBeGreaterThan(5);
    expect(new Set(rows.map((r) => r.dedupe_key)).size).toBe(rows.length);
    expect(JSON.parse(String(rows[0].fields))).toMatchObject({ _siemEventID: 'cloud_integrated' });
    const events = await store.health.list({ unresolvedOnly: false, limit: 100, offset: 0 });
    // One event for the source, counting the files; it names the latest and where its bytes were kept.
    const setAside = events.filter((e) => e.details.name === 'Batch File Set Aside');
    expect(setAside).toHaveLength(1);
    expect(setAside[0]).toMatchObject({ severityLevel: 'Warning', eventName: 'ThirdPartyGenericError', status: 'Unhealthy' });
    const kept = (await readdir(path.join(setAsideDir, source.id))).sort();
    // Every broken file counted, the newest SET_ASIDE_MAX_FILES kept.
    expect(setAside[0].details.count).toBeGreaterThan(SET_ASIDE_MAX_FILES);
    expect(kept).toHaveLength(SET_ASIDE_MAX_FILES);
    const latest = path.join(setAsideDir, source.id, kept.at(-1) ?? '');
    expect(setAside[0].details.error).toMatch(/^cloudIntegrated: http:\/\/.*\/ci\/.*\.json\.gz: 1 lines are not JSON objects; kept at /);
    expect(setAside[0].details.error.endsWith(`kept at ${latest}`)).toBe(true);
    expect((await readFile(latest, 'utf8')).trim().split('\n').at(-1)).toBe('{"cut short');
  });

  it('stores the threat-intel feed as messages and fills the indicator table with them, once each', async () => {
    const { store, source, runtime, cleanup } = await simulatorCollection({
      simulator: { seed: 6, threatPerHour: 40 },
      source: { dataCollection: ['threatIntelFeed'], startTime: '-6h' },
    });
    cleanups.push(cleanup);
    const began = Date.now();
    await runtime.start();
    await until(async () => ((await store.checkpoints.stats(source.id)).threatIntelFeed?.lastPollAt ?? 0) >= began || undefined, 'a poll');
    const rows = await store.query('SELECT count(*) AS n, count(DISTINCT dedupe_key) AS k FROM messages WHERE source_id = ?', [source.id]);
    const n = Number(rows[0].n);
    expect(n).toBeGreaterThan(100);
    expect(Number(rows[0].k)).toBe(n);
    expect(await store.threatIndicators.count('mimecast')).toBe(n);
  });
});
