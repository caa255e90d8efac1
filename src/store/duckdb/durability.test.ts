import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../core/clock.js';
import { silentLogger } from '../../core/logger.js';
import { DAY_MS } from '../../model/partition.js';
import { makeBatch, makeMessage, makeSourceConfig } from '../__fixtures__/builders.js';
import { DUCKDB_FILE, openDuckDbStore } from './duckdb-store.js';

const child = fileURLToPath(new URL('./__fixtures__/store-child.ts', import.meta.url));
const run = promisify(execFile);
const nodeWithTsx = (args: string[]) => [process.execPath, ['--import', 'tsx', child, ...args]] as const;

let dataDir: string;
let clock: ManualClock;
const open = (extra: { secretKey?: string } = {}) => openDuckDbStore({ dataDir, clock, logger: silentLogger, ...extra });

beforeEach(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'mc2c-durable-'));
  clock = new ManualClock();
});
afterEach(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

describe('DuckDB store durability', () => {
  it('rolls back the messages when the checkpoint write fails, and reports a retryable store.write', async () => {
    let fail = true;
    const store = await openDuckDbStore({
      dataDir,
      clock,
      logger: silentLogger,
      faults: {
        afterMessagesInsert: () => {
          if (fail) throw new Error('disk full (injected)');
        },
      },
    });
    try {
      const attempt = store.messages.appendBatch(makeBatch('S1', 'siem', [makeMessage('S1', 'a'), makeMessage('S1', 'b')], { v: 1, n: 1 }));
      await expect(attempt).rejects.toMatchObject({ code: 'store.write', retryable: true });
      expect(await store.query('SELECT count(*) AS n FROM messages', [])).toEqual([{ n: 0 }]);
      expect(await store.checkpoints.get('S1', 'siem')).toBeUndefined();
      expect(await store.checkpoints.stats('S1')).toEqual({});
      fail = false;
      expect(
        await store.messages.appendBatch(makeBatch('S1', 'siem', [makeMessage('S1', 'a'), makeMessage('S1', 'b')], { v: 1, n: 1 })),
      ).toEqual({
        inserted: 2,
        duplicates: 0,
        expired: 0,
      });
    } finally {
      await store.close();
    }
  });

  it('keeps every committed batch with its checkpoint, and no partial batch, after kill -9', async () => {
    const [node, args] = nodeWithTsx(['append-loop', dataDir]);
    const proc: ChildProcess = spawn(node, args, { stdio: ['ignore', 'pipe', 'inherit'] });
    let printed = 0;
    await new Promise<void>((resolve, reject) => {
      proc.on('error', reject);
      proc.on('exit', (code) => reject(new Error(`the writer exited early (${code})`)));
      proc.stdout?.setEncoding('utf8').on('data', (text: string) => {
        for (const line of text.split('\n')) if (line !== '') printed = Number(line);
        if (printed >= 8) resolve();
      });
    });
    proc.removeAllListeners('exit');
    const exited = new Promise((resolve) => proc.on('exit', resolve));
    proc.kill('SIGKILL');
    await exited;

    const store = await open();
    try {
      const checkpoint = await store.checkpoints.get('CRASH', 'siem');
      const committed = Number(checkpoint?.n);
      expect(committed).toBeGreaterThanOrEqual(printed);
      const rows = await store.query(
        "SELECT split_part(dedupe_key, '-', 1) AS b, count(*) AS n FROM messages WHERE source_id = 'CRASH' GROUP BY 1 ORDER BY CAST(b AS INTEGER)",
        [],
      );
      expect(rows).toEqual(Array.from({ length: committed }, (_, i) => ({ b: String(i + 1), n: 200 })));
      expect((await store.checkpoints.stats('CRASH')).siem?.messages).toBe(committed * 200);
    } finally {
      await store.close();
    }
  });

  it('refuses a second process with store.locked and a clear message', async () => {
    const store = await open();
    try {
      const [node, args] = nodeWithTsx(['try-open', dataDir]);
      const { stdout } = await run(node, [...args]);
      const result = JSON.parse(stdout);
      expect(result.code).toBe('store.locked');
      expect(result.message).toBe(`the data directory ${dataDir} is in use by another mimecast-c2c process (a running server?)`);
    } finally {
      await store.close();
    }
    const [node, args] = nodeWithTsx(['try-open', dataDir]);
    expect(JSON.parse((await run(node, [...args])).stdout)).toEqual({ opened: true });
  });

  it('keeps client secrets only encrypted on disk, with a 0600 key file', async () => {
    const secret = 'Plaintext-Secret-7f3a9c21';
    const store = await open();
    const collector = await store.collectors.create({ name: 'c', description: '', category: '', fields: {} });
    const source = await store.sources.create(collector.id, makeSourceConfig({ clientSecret: secret }));
    await store.close();

    for (const file of await readdir(dataDir)) {
      const bytes = await readFile(path.join(dataDir, file));
      expect(bytes.includes(Buffer.from(secret)), file).toBe(false);
    }
    expect((await stat(path.join(dataDir, 'secret.key'))).mode & 0o777).toBe(0o600);

    const reopened = await open();
    try {
      expect((await reopened.sources.get(source.id))?.config.clientSecret).toBe(secret);
      const [row] = await reopened.query('SELECT secret FROM sources', []);
      expect(String(row.secret).startsWith('v1:')).toBe(true);
    } finally {
      await reopened.close();
    }
  });

  it('cannot read secrets with another key', async () => {
    const store = await open({ secretKey: 'a'.repeat(64) });
    const collector = await store.collectors.create({ name: 'c', description: '', category: '', fields: {} });
    const source = await store.sources.create(collector.id, makeSourceConfig());
    await store.close();
    const other = await open({ secretKey: 'b'.repeat(64) });
    try {
      await expect(other.sources.get(source.id)).rejects.toMatchObject({ code: 'secrets.decrypt' });
    } finally {
      await other.close();
    }
  });

  it('migrates once: reopening keeps the data and the schema version', async () => {
    const store = await open();
    await store.messages.append([makeMessage('S1', 'm1')]);
    await store.close();
    const reopened = await open();
    try {
      expect(await reopened.query('SELECT version FROM schema_version ORDER BY version', [])).toEqual([
        { version: 1 },
        { version: 2 },
        { version: 3 },
        { version: 4 },
        { version: 5 },
        { version: 6 },
        { version: 7 },
        { version: 8 },
        { version: 9 },
        { version: 10 },
        { version: 11 },
      ]);
      expect(await reopened.query('SELECT count(*) AS n FROM messages', [])).toEqual([{ n: 1 }]);
    } finally {
      await reopened.close();
    }
  });

  it('moves the keys of a store written before (message_keys with its PRIMARY KEY) over: a replay is still refused', async () => {
    const store = await open();
    await store.messages.append([makeMessage('S1', 'old')]);
    await store.close();
    // Back to schema version 8, whose message_keys had the ART index, holding the key of the stored message.
    const instance = await DuckDBInstance.create(path.join(dataDir, DUCKDB_FILE));
    const raw = await instance.connect();
    await raw.run('CREATE TABLE keys_v8 (k HUGEINT PRIMARY KEY)');
    await raw.run('INSERT INTO keys_v8 SELECT k FROM message_keys');
    await raw.run('DROP TABLE message_keys');
    await raw.run('ALTER TABLE keys_v8 RENAME TO message_keys');
    await raw.run('DROP TABLE push_receivers');
    await raw.run('DELETE FROM schema_version WHERE version >= 9');
    raw.closeSync();
    instance.closeSync();
    const upgraded = await open();
    try {
      expect(await upgraded.messages.append([makeMessage('S1', 'old'), makeMessage('S1', 'new')])).toEqual({
        inserted: 1,
        duplicates: 1,
        expired: 0,
      });
      const keyConstraints = "SELECT constraint_type AS c FROM duckdb_constraints() WHERE table_name = 'message_keys' ORDER BY 1";
      expect(await upgraded.query(keyConstraints, [])).toEqual([{ c: 'NOT NULL' }, { c: 'NOT NULL' }]);
    } finally {
      await upgraded.close();
    }
  });

  it('gives the keys of a store written before (message_keys without times) their message times', async () => {
    const start = clock.now();
    const store = await open();
    await store.messages.append([
      makeMessage('S1', 'old', { messageTime: start - 3 * DAY_MS }),
      makeMessage('S2', 'ünï 漢', { messageTime: start - DAY_MS }),
      makeMessage('S1', 'skewed', { messageTime: start + 2 * DAY_MS }),
      makeMessage('S1', 'gone', { messageTime: start - 5 * DAY_MS }),
    ]);
    await store.close();
    // Back to schema version 9: message_keys holding only the keys, one of them of a message swept or dropped
    // by the budget before the upgrade.
    const instance = await DuckDBInstance.create(path.join(dataDir, DUCKDB_FILE));
    const raw = await instance.connect();
    await raw.run("DELETE FROM messages WHERE dedupe_key = 'gone'");
    await raw.run('CREATE TABLE keys_v9 (k HUGEINT NOT NULL)');
    await raw.run('INSERT INTO keys_v9 SELECT k FROM message_keys');
    await raw.run('DROP TABLE message_keys');
    await raw.run('ALTER TABLE keys_v9 RENAME TO message_keys');
    await raw.run('DROP TABLE push_receivers');
    await raw.run('DELETE FROM schema_version WHERE version >= 10');
    raw.closeSync();
    instance.closeSync();
    clock.advance(DAY_MS);
    const upgraded = await open();
    try {
      // Each key found by its message (the SQL hash agrees with the writer's); the orphan gets the newest stored time.
      const times = await upgraded.query('SELECT t FROM message_keys ORDER BY t', []);
      expect(times.map((r) => r.t)).toEqual([start - 3 * DAY_MS, start - DAY_MS, start + 2 * DAY_MS, start + 2 * DAY_MS]);
      expect(await upgraded.messages.append([makeMessage('S2', 'ünï 漢', { messageTime: start - DAY_MS })])).toMatchObject({
        inserted: 0,
        duplicates: 1,
      });
    } finally {
      await upgraded.close();
    }
  });

  it('cancels a running query when its signal aborts', async () => {
    const store = await open();
    try {
      const controller = new AbortController();
      const running = store.query('SELECT count(*) AS n FROM range(100000000000) a', [], controller.signal);
      setTimeout(() => controller.abort(), 100);
      await expect(running).rejects.toMatchObject({ code: 'aborted' });
      expect(await store.query('SELECT 42 AS answer', [])).toEqual([{ answer: 42 }]);
    } finally {
      await store.close();
    }
  });
});
