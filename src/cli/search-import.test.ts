import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../cli.js';
import { systemClock } from '../core/clock.js';
import { silentLogger } from '../core/logger.js';
import { openStore } from '../store/open-store.js';
import { importFiles } from './import.js';

function capture() {
  let text = '';
  const stream = new Writable({
    write(chunk, _enc, done) {
      text += chunk.toString();
      done();
    },
  });
  return { stream, text: () => text };
}

async function cli(...argv: string[]) {
  const out = capture();
  const err = capture();
  const code = await main(argv, { stdout: out.stream, stderr: err.stream, env: {} });
  return { code, stdout: out.text(), stderr: err.text() };
}

let dir: string;
let data: string;
const now = Date.now();
const t = (minutesAgo: number) => new Date(now - minutesAgo * 60_000).toISOString();

beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'mc2c-cli-'));
  data = path.join(dir, 'data');
  const legacy = [
    { aCode: 'L1', Delivered: true, UseTls: 'No', Dir: 'Inbound', datetime: t(30) },
    { aCode: 'L2', Delivered: true, UseTls: 'Yes', Dir: 'Inbound', datetime: t(20) },
    { aCode: 'L3', Delivered: 'true', UseTls: 'No', Dir: 'Outbound', datetime: t(10) },
    { aCode: 'L1', Delivered: true, UseTls: 'No', Dir: 'Outbound', datetime: t(5) },
  ];
  writeFileSync(path.join(dir, 'legacy.ndjson'), `${legacy.map((e) => JSON.stringify(e)).join('\n')}\nnot json\n\n[1, 2]\n`);
  writeFileSync(
    path.join(dir, 'x.json'),
    JSON.stringify([
      { a: 'b', msg: 'keyword', timestamp: now - 60_000 },
      { a: 'b', msg: 'the KEYWORD', eventTime: t(2) },
      { a: 'c', msg: 'keyword', timestamp: now - 60_000 },
    ]),
  );
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('mimecast-c2c import and search', () => {
  it('imports JSON lines with a summary naming rejected lines, then skips duplicates on a second run', async () => {
    const first = await cli('import', '--data', data, '--category', 'mimecast_app', '--source', 'legacy', path.join(dir, 'legacy.ndjson'));
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('read 6, stored 4, skipped as duplicates 0, expired 0, rejected 2');
    expect(first.stdout).toContain('legacy.ndjson:5: not valid JSON');
    expect(first.stdout).toContain('legacy.ndjson:7: not a JSON object');
    const again = await cli('import', '--data', data, '--category', 'mimecast_app', '--source', 'legacy', path.join(dir, 'legacy.ndjson'));
    expect(again.stdout).toContain('read 6, stored 0, skipped as duplicates 4, expired 0, rejected 2');
    const array = await cli('import', '--data', data, '--category', 'x', path.join(dir, 'x.json'));
    expect(array.stdout).toContain('read 3, stored 3, skipped as duplicates 0, expired 0, rejected 0');
  });

  it('does not store events older than the default partition keeps (MC2C_RETENTION_DAYS)', async () => {
    const file = path.join(dir, 'old.json');
    writeFileSync(
      file,
      JSON.stringify([
        { id: 'old', timestamp: now - 40 * 86_400_000 },
        { id: 'new', timestamp: now - 60_000 },
      ]),
    );
    const out = await cli('import', '--data', path.join(dir, 'retention'), '--category', 'old', file);
    expect(out.stdout).toContain('read 2, stored 1, skipped as duplicates 0, expired 1, rejected 0');
  });

  it('runs the seed queries verbatim from the command line', async () => {
    const seed1 = await cli(
      'search',
      '_sourceCategory="mimecast_app" Delivered Dir | json "aCode","Delivered","UseTls" as a_code, delivered, use_tls nodrop | where delivered="true" | where use_tls="No" | count_distinct(a_code)',
      '--data',
      data,
      '--format',
      'json',
    );
    expect(seed1.stderr).toBe('');
    expect(JSON.parse(seed1.stdout)).toEqual([{ _count_distinct: 2 }]);
    const seed2 = await cli(
      'search',
      '_sourceCategory=x keyword | json "a" as a nodrop | where a="b" | count by a',
      '--data',
      data,
      '--format',
      'csv',
    );
    expect(seed2.stdout).toBe('a,_count\nb,2\n');
    const table = await cli('search', '_sourceCategory=x | json "a" as a | count by a', '--data', data);
    expect(table.stdout.split('\n').slice(0, 4)).toEqual(['a  _count', '-  ------', 'b  2', 'c  1']);
  });

  it('takes its time range from --from/--to and finds message times in Mimecast fields', async () => {
    const recent = await cli('search', '_sourceCategory=mimecast_app | count', '--data', data, '--from', '-15m', '--format', 'json');
    expect(JSON.parse(recent.stdout)).toEqual([{ _count: 2 }]);
    const bad = await cli('search', '*', '--data', data, '--from', '-3 days');
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain("from: unknown time expression '-3 days'");
  });

  it('reports a query error with its position and no stack trace', async () => {
    const r = await cli('search', '* | count by', '--data', data);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('mimecast-c2c search: line 1, column 13: unexpected end of query; expected a field to group by\n');
  });

  it('explains the stages without opening the store', async () => {
    const r = await cli('search', '_sourceCategory=x | json "a" | count by a', '--explain', '--data', path.join(dir, 'nowhere'));
    expect(r.code).toBe(0);
    for (const heading of ['== tokens ==', '== AST ==', '== plan ==', '== SQL ==']) expect(r.stdout).toContain(heading);
    expect(r.stdout).toContain('1:1 word "_sourceCategory"');
    expect(r.stdout).toContain('GROUP BY');
  });

  it('says clearly when a server holds the data directory', async () => {
    // DuckDB locks the file per process: the server is this test process, the CLI a second one.
    const store = await openStore({ data, clock: systemClock, logger: silentLogger });
    try {
      const bin = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../bin/mimecast-c2c.js');
      const result = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
        execFile(process.execPath, [bin, 'search', '* | count', '--data', data], (error, _stdout, stderr) =>
          resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stderr }),
        );
      });
      expect(result.code).toBe(1);
      expect(result.stderr).toContain(`a mimecast-c2c server (or another command) is using the data directory ${data}`);
    } finally {
      await store.close();
    }
  });

  it('streams gzip-compressed files and JSON arrays in batches, and an interrupted import keeps its batches', async () => {
    const events = Array.from({ length: 10 }, (_, i) => ({
      id: `e${i}`,
      note: 'a "quoted", [bracketed] {text}',
      timestamp: now - i * 1000,
    }));
    const lines = path.join(dir, 'many.ndjson.gz');
    writeFileSync(lines, gzipSync(`${events.map((e) => JSON.stringify(e)).join('\r\n')}\r\n`));
    const array = path.join(dir, 'many.json');
    writeFileSync(array, ` \n${JSON.stringify(events, null, 2)}`);
    const store = await openStore({ data: path.join(dir, 'batched'), clock: systemClock, logger: silentLogger });
    try {
      // The real store, watched: every write holds at most one batch.
      const writes: number[] = [];
      const watched = {
        messages: {
          append: (m: Parameters<typeof store.messages.append>[0]) => {
            writes.push(m.length);
            return store.messages.append(m);
          },
        },
      };
      const abort = new AbortController();
      const options = { category: 'c', source: 's', now, batchMessages: 3 };
      const run = importFiles(watched, [lines], { ...options, signal: abort.signal, progress: () => abort.abort() });
      await expect(run).rejects.toMatchObject({ code: 'aborted' });
      expect(writes).toEqual([3]);
      const again = await importFiles(watched, [lines], options);
      expect(again).toMatchObject({ read: 10, stored: 7, duplicates: 3, expired: 0, rejected: 0 });
      expect(writes).toEqual([3, 3, 3, 3, 1]);
      const fromArray = await importFiles(watched, [array], { ...options, source: 'array' });
      expect(fromArray).toMatchObject({ read: 10, stored: 10, rejected: 0 });
      const [row] = await store.query("SELECT count(*)::INTEGER AS n FROM messages WHERE raw LIKE '%bracketed%'", []);
      expect(row.n).toBe(20);
    } finally {
      await store.close();
    }
  });

  it('rejects a JSON array that never closes after storing what came before the break', async () => {
    const file = path.join(dir, 'cut.json');
    writeFileSync(file, '[{"id": "a"}, {"id": "b"}, {"id": "c"');
    const out = await cli('import', '--data', path.join(dir, 'cut'), '--category', 'cut', file);
    expect(out.stdout).toContain('read 2, stored 2, skipped as duplicates 0, expired 0, rejected 1');
    expect(out.stdout).toContain('cut.json:1: not valid JSON (the array is not closed)');
  });
});
