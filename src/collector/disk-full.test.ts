import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, statfsSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { systemClock } from '../core/clock.js';
import { silentLogger } from '../core/logger.js';
import { until } from '../core/test-until.js';
import { expectedEvents, startSimulator } from '../simulator/index.js';
import { openStore } from '../store/open-store.js';
import { createMimecastRuntime } from './mimecast-runtime.js';
import { createSimulatorSource } from './test-sim-runtime.js';

/**
 * A real full disk: the DuckDB store on a small tmpfs, filled up with a file until a batch no longer fits,
 * while the collector runs against the simulator. The store's own error (ENOSPC from DuckDB's WAL) must put
 * the source in Error with FirstPartyGeneric, lose nothing, and collection must resume by itself, in the same
 * process and the same open store, once the file is removed. Mounting needs root: elsewhere this is skipped.
 */
const SIEM_PER_HOUR = 9000;
const TMPFS_MB = 32;
/** Room left beside the filler: enough for state changes and the health event, not for a batch of SIEM events. */
const HEADROOM_BYTES = 1024 * 1024;

function tryMountTmpfs(): string | undefined {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'mc2c-disk-full-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${TMPFS_MB}m,mode=0700`, 'tmpfs', dir], { stdio: 'ignore' });
    return dir;
  } catch {
    rmSync(dir, { recursive: true, force: true });
    return undefined;
  }
}

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.reverse()) await c();
  cleanups.length = 0;
});

const probe = tryMountTmpfs();
if (probe !== undefined) {
  execFileSync('umount', [probe]);
  rmSync(probe, { recursive: true, force: true });
}

describe.skipIf(probe === undefined)('a full disk (a real tmpfs; skipped when this user cannot mount one)', () => {
  it('puts the source in FirstPartyGeneric, loses nothing, and resumes once space is free', { timeout: 60_000 }, async () => {
    const mount = tryMountTmpfs() as string;
    cleanups.push(() => {
      execFileSync('umount', ['-l', mount]);
      rmSync(mount, { recursive: true, force: true });
    });
    const sim = await startSimulator({ port: 0, seed: 5, siemPerHour: SIEM_PER_HOUR });
    cleanups.push(() => sim.close());
    const store = await openStore({ data: path.join(mount, 'data'), clock: systemClock, logger: silentLogger, secretKey: 'k' });
    cleanups.push(() => store.close());
    // Half an hour of events: a few MB, far more than the headroom, and collected in seconds.
    const from = Math.floor((Date.now() - 30 * 60_000) / 60_000) * 60_000;
    const source = await createSimulatorSource(store, { dataCollection: ['siem'], startTime: new Date(from).toISOString(), filters: [] });
    const filler = path.join(mount, 'filler');
    const { bavail, bsize } = statfsSync(mount);
    writeFileSync(filler, Buffer.alloc(Math.max(0, bavail * bsize - HEADROOM_BYTES)));

    const runtime = createMimecastRuntime({
      store,
      clock: systemClock,
      logger: silentLogger,
      mimecastBaseUrl: sim.url,
      tickMs: 200,
      retry: { baseDelayMs: 20, maxDelayMs: 200 },
    });
    cleanups.push(() => runtime.stop());
    await runtime.start();
    const failed = await until(async () => {
      const s = await store.sources.get(source.id);
      return s?.state.state === 'Error' ? s : undefined;
    }, 'Error');
    expect(failed.state.error).toMatchObject({ type: 'FirstPartyGeneric', code: 'store.write' });
    expect(failed.state.error?.retriesUntil).not.toBeNull();
    expect((await store.checkpoints.stats(source.id)).siem?.lastPollAt ?? null).toBeNull();

    rmSync(filler);
    const freed = Date.now();
    await until(async () => {
      const [s, stats] = await Promise.all([store.sources.get(source.id), store.checkpoints.stats(source.id)]);
      return s?.state.state === 'Collecting' && (stats.siem?.lastPollAt ?? 0) >= freed ? true : undefined;
    }, 'collection to resume');
    const cutoff = Date.now() - 3 * 60_000;
    const [row] = await store.query(
      'SELECT count(*)::INTEGER AS n FROM messages WHERE source_id = ? AND messagetime >= ? AND messagetime < ?',
      [source.id, from, cutoff],
    );
    expect(row.n).toBe(expectedEvents({ seed: 5, siemPerHour: SIEM_PER_HOUR }, 'siem', from, cutoff).length);
    expect(await store.health.list({ unresolvedOnly: true, resourceIds: [source.id], limit: 10, offset: 0 })).toEqual([]);
  });
});
