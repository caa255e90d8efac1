import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { systemClock } from '../core/clock.js';
import { silentLogger } from '../core/logger.js';
import { makeMessage } from '../store/__fixtures__/builders.js';
import { openStore } from '../store/open-store.js';
import { loadServerConfig } from './config.js';
import { startServer } from './serve.js';

const dirs: string[] = [];
afterEach(async () => {
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
});

describe('serve --max-store-gb', () => {
  it('refuses to start with a budget below what the store takes, and the store is left as it was', async () => {
    const data = await mkdtemp(path.join(os.tmpdir(), 'mc2c-serve-budget-'));
    dirs.push(data);
    const store = await openStore({ data, secretKey: 'k', clock: systemClock, logger: silentLogger });
    for (let batch = 0; batch < 4; batch++) {
      const now = Date.now();
      await store.messages.append(
        Array.from({ length: 2500 }, (_, i) =>
          makeMessage('S1', `${batch}-${i}`, {
            messageTime: now,
            raw: `{"i":"${batch}-${i}","p":"${randomBytes(1500).toString('base64')}"}`,
          }),
        ),
      );
    }
    await store.close();

    const config = loadServerConfig({ port: '0', data, 'max-store-gb': '0.01' }, { MC2C_SECRET_KEY: 'k' });
    const started = startServer(config, { logger: silentLogger });
    // Closed if it did start, so that a failure of this test leaves no server behind.
    started.then((server) => server.close()).catch(() => undefined);
    await expect(started).rejects.toMatchObject({
      code: 'usage',
      field: 'max-store-gb',
      message: expect.stringMatching(/^--max-store-gb: 0\.01 GB is less than the 0\.0\d GB the store takes now/),
    });
    const reopened = await openStore({ data, secretKey: 'k', clock: systemClock, logger: silentLogger });
    try {
      expect(Number((await reopened.query('SELECT count(*) AS n FROM messages', []))[0].n)).toBe(10_000);
    } finally {
      await reopened.close();
    }
  });
});
