import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeSourceBody } from '../api/test-helpers.js';
import { systemClock } from '../core/clock.js';
import { silentLogger } from '../core/logger.js';
import { openStore } from '../store/open-store.js';
import {
  api,
  type Child,
  createAccessKey,
  killAll,
  runCli,
  startServeProcess,
  startSimulatorProcess,
  tempDir,
  waitFor,
} from './processes.js';

/** No MC2C_SECRET_KEY: the key file in the data directory seals the source's secret, and the backup must carry it. */
const ENV = { MC2C_MIN_POLL_SEC: '1' };

let sim: Child;
const dirs: { dir: string; remove: () => Promise<void> }[] = [];

beforeAll(async () => {
  sim = await startSimulatorProcess(['--seed', '3', '--rate', '30']);
});

afterAll(async () => {
  await killAll();
  for (const d of dirs) await d.remove();
});

async function newDir(prefix: string): Promise<string> {
  const d = await tempDir(prefix);
  dirs.push(d);
  return d.dir;
}

type SourceJson = { id: string; state: { state: string }; collection: Record<string, { messages: number; lastPollAt: string | null }> };

async function collecting(url: string, auth: string, cid: string, sid: string): Promise<SourceJson> {
  return waitFor('the source to collect', async () => {
    const s = (await api<{ source: SourceJson }>(url, auth, 'GET', `/api/v1/collectors/${cid}/sources/${sid}`)).body.source;
    return s.state.state === 'Collecting' && s.collection.siem.messages > 0 ? s : undefined;
  });
}

describe('backup while serve runs, restore into a new data directory', () => {
  it('copies a collecting store through the control socket, and the restored store collects with its secret', {
    timeout: 120_000,
  }, async () => {
    const data = await newDir('mc2c-backup-e2e-');
    const auth = await createAccessKey(data, ENV);
    const serve = await startServeProcess(data, { ...ENV, MIMECAST_BASE_URL: sim.url });
    const cid = (
      await api<{ collector: { id: string } }>(serve.url, auth, 'POST', '/api/v1/collectors', {
        collector: { collectorType: 'Hosted', name: 'B' },
      })
    ).body.collector.id;
    const body = makeSourceBody({ region: undefined, startTime: '-2h', pollingIntervalSec: 1, dataCollection: ['siem'] });
    const sid = (await api<{ source: SourceJson }>(serve.url, auth, 'POST', `/api/v1/collectors/${cid}/sources`, body)).body.source.id;
    // Collected before the backup began, so in it: what the restored store must hold at least. (The backup's own
    // count is every message, the audit log and health events too.)
    const collectedBefore = (await collecting(serve.url, auth, cid, sid)).collection.siem.messages;

    const file = path.join(await newDir('mc2c-backup-file-'), 'store.backup');
    const backup = await runCli(['backup', '--data', data, file], ENV);
    expect(backup.code, backup.stderr).toBe(0);
    const copied = Number(/\((\d+) messages,/.exec(backup.stdout)?.[1]);
    expect(copied).toBeGreaterThanOrEqual(collectedBefore);
    serve.process.kill('SIGTERM');
    expect((await serve.exited).code, serve.stderr()).toBe(0);

    const restored = path.join(await newDir('mc2c-restore-e2e-'), 'data');
    const restore = await runCli(['restore', '--data', restored, file], ENV);
    expect(restore.code, restore.stderr).toBe(0);
    expect(restore.stdout).toContain(`restored ${copied} messages`);

    // The restored server reads the sealed secret (else the source fails authentication) and goes on from the
    // backup's checkpoint: what it collects again is refused as duplicates, so every stored id stays unique.
    const again = await startServeProcess(restored, { ...ENV, MIMECAST_BASE_URL: sim.url });
    const source = await collecting(again.url, auth, cid, sid);
    expect(source.collection.siem.messages).toBeGreaterThanOrEqual(collectedBefore);
    again.process.kill('SIGTERM');
    expect((await again.exited).code, again.stderr()).toBe(0);
    const store = await openStore({ data: restored, clock: systemClock, logger: silentLogger });
    try {
      const [row] = await store.query('SELECT count(*) AS n, count(DISTINCT dedupe_key) AS d FROM messages WHERE source_id = ?', [sid]);
      expect(Number(row.n)).toBeGreaterThanOrEqual(collectedBefore);
      expect(row.n).toBe(row.d);
    } finally {
      await store.close();
    }
  });
});
