import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, type Child, createAccessKey, killAll, runCli, startServeProcess, tempDir } from './processes.js';

/**
 * SIGTERM while a search runs: the issue saw `serve` never exit (3 of 3 tries), because the store closed
 * the reader connection under the interrupted query. Now the search is cancelled, its query stopped, and the
 * process exits 0 by itself, well before the 20 s shutdown deadline would end it with exit code 1.
 */
const NOW = Date.now();

let data: { dir: string; remove: () => Promise<void> };
let auth: string;
let server: Child;

beforeAll(async () => {
  data = await tempDir('mc2c-shutdown-');
  auth = await createAccessKey(data.dir);
  // Long messages: `parse regex "(?<c>.)" multi` re-reads the message for every match, minutes of work.
  const file = path.join(data.dir, 'long.ndjson');
  const lines = Array.from({ length: 40 }, (_, i) => JSON.stringify({ timestamp: NOW - 60_000 + i, text: 'ab'.repeat(2000) }));
  await writeFile(file, `${lines.join('\n')}\n`);
  const imported = await runCli(['import', '--category', 'long', '--source', 'long', '--data', data.dir, file]);
  if (imported.code !== 0) throw new Error(`import failed: ${imported.stderr}`);
  server = await startServeProcess(data.dir, {});
}, 120_000);

afterAll(async () => {
  await killAll();
  await data?.remove();
});

describe('serve on SIGTERM', () => {
  it('cancels a running search and exits cleanly', { timeout: 60_000 }, async () => {
    const created = await api<{ id: string }>(server.url, auth, 'POST', '/api/v1/search/jobs', {
      query: '_sourceName=long | parse regex "(?<c>.)" multi | count by c',
      from: NOW - 3_600_000,
      to: NOW + 3_600_000,
    });
    expect(created.status).toBe(202);
    // Long enough for the query to be inside DuckDB when the signal comes.
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const status = await api<{ state: string }>(server.url, auth, 'GET', `/api/v1/search/jobs/${created.body.id}`);
    expect(status.body.state).toBe('GATHERING RESULTS');

    server.process.kill('SIGTERM');
    expect(await server.exited).toEqual({ code: 0, signal: null });
    expect(server.stderr()).not.toContain('shutdown did not finish in time');
  });
});
