import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../core/clock.js';
import { silentLogger } from '../../core/logger.js';
import { until } from '../../core/test-until.js';
import type { Store } from '../store.js';
import { openPostgresStore } from './index.js';
import { createTestDatabase, type TestDatabase, testDatabaseUrl } from './test-database.js';

/** Two stores on one database stand for two `serve` processes sharing a Mimecast application's token and budget. */
const clock = new ManualClock();
let db: TestDatabase;
let one: Store;
let two: Store;
beforeAll(async () => {
  db = await createTestDatabase(testDatabaseUrl());
  one = await openPostgresStore({ url: db.url, secretKey: 'k', clock, logger: silentLogger });
  two = await openPostgresStore({ url: db.url, secretKey: 'k', clock, logger: silentLogger });
});
afterAll(async () => {
  await one?.close();
  await two?.close();
  await db?.drop();
});

const repo = (store: Store) => {
  if (!store.mimecastCredentials) throw new Error('PostgreSQL shares Mimecast credentials');
  return store.mimecastCredentials;
};

describe('shared Mimecast tokens', () => {
  it('log in once for processes that need a token at the same time, and keep it sealed', async () => {
    let logins = 0;
    let release!: () => void;
    const gate = new Promise<void>((r) => {
      release = r;
    });
    const login = async () => {
      logins++;
      await gate;
      return { value: 'token-1', refreshAt: clock.now() + 60_000 };
    };
    const first = repo(one).tokenOrLogin('app-a', 'secret-1', () => clock.now(), login);
    const second = repo(two).tokenOrLogin('app-a', 'secret-1', () => clock.now(), login);
    // The second is waiting on the first one's lock while the first logs in.
    await until(async () => {
      const [row] = await one.query(
        "SELECT count(*)::INTEGER AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'",
        [],
      );
      return row.n === 1 ? true : undefined;
    }, 'the second process to wait for the lock');
    expect(logins).toBe(1);
    release();
    expect(await Promise.all([first, second])).toEqual([
      { value: 'token-1', refreshAt: clock.now() + 60_000 },
      { value: 'token-1', refreshAt: clock.now() + 60_000 },
    ]);
    expect(logins).toBe(1);
    const [row] = await one.query('SELECT token FROM mimecast_tokens WHERE app = $1', ['app-a']);
    expect(String(row.token)).toMatch(/^v1:/);
    expect(String(row.token)).not.toContain('token-1');
  });

  it('log in again for another secret, after the refresh time, and after the token was refused', async () => {
    let n = 0;
    const login = async () => ({ value: `t${++n}`, refreshAt: clock.now() + 60_000 });
    const get = (store: Store, secret: string) => repo(store).tokenOrLogin('app-b', secret, () => clock.now(), login);
    expect((await get(one, 's1')).value).toBe('t1');
    expect((await get(two, 's1')).value).toBe('t1');
    expect((await get(two, 's2')).value).toBe('t2');
    clock.advance(60_000);
    expect((await get(one, 's2')).value).toBe('t3');
    await repo(two).forgetToken('app-b', 't-other');
    expect((await get(one, 's2')).value).toBe('t3');
    await repo(two).forgetToken('app-b', 't3');
    expect((await get(one, 's2')).value).toBe('t4');
  });

  it('pass a failed login to its caller and store nothing', async () => {
    const failure = new Error('401');
    await expect(
      repo(one).tokenOrLogin(
        'app-c',
        's',
        () => clock.now(),
        () => Promise.reject(failure),
      ),
    ).rejects.toBe(failure);
    const [row] = await one.query('SELECT token FROM mimecast_tokens WHERE app = $1', ['app-c']);
    expect(row.token).toBeNull();
  });
});

describe('a shared rate budget', () => {
  it('lets calls go while nothing is known, then counts every process against the quota until it resets', async () => {
    const now = clock.now();
    expect(await repo(one).takeCall('app-r', now)).toBe(0);
    await repo(one).observeQuota('app-r', now, { remaining: 4, resetMs: 10_000, lowWater: 0 });
    const waits = [];
    for (let i = 0; i < 3; i++) waits.push(await repo(i % 2 === 0 ? one : two).takeCall('app-r', now));
    expect(waits).toEqual([0, 0, 0]);
    // A late answer with a higher count does not give back calls already taken.
    await repo(two).observeQuota('app-r', now, { remaining: 3, resetMs: 10_000, lowWater: 0 });
    expect(await repo(two).takeCall('app-r', now)).toBe(0);
    expect(await repo(one).takeCall('app-r', now + 1000)).toBe(9000);
    expect(await repo(two).takeCall('app-r', now + 10_000)).toBe(0);
  });

  it('takes the calls sent while no budget was known off the first answer of a period', async () => {
    const now = clock.now();
    // Three calls go at the start of a period; the first one's answer counts only itself.
    expect([
      await repo(one).takeCall('app-u', now),
      await repo(two).takeCall('app-u', now),
      await repo(one).takeCall('app-u', now),
    ]).toEqual([0, 0, 0]);
    // 4 left after the first; the other two were counted after it: 2 left.
    await repo(two).observeQuota('app-u', now, { remaining: 4, resetMs: 10_000, lowWater: 0 });
    expect(await repo(one).takeCall('app-u', now)).toBe(0);
    expect(await repo(two).takeCall('app-u', now)).toBe(0);
    expect(await repo(two).takeCall('app-u', now)).toBe(10_000);
    // A new period starts the count again.
    expect(await repo(one).takeCall('app-u', now + 10_000)).toBe(0);
    await repo(one).observeQuota('app-u', now + 10_000, { remaining: 1, resetMs: 10_000, lowWater: 0 });
    expect(await repo(two).takeCall('app-u', now + 10_000)).toBe(0);
  });

  it('spreads the last calls before the reset and holds every process back after a 429', async () => {
    const now = clock.now();
    await repo(one).observeQuota('app-s', now, { remaining: 1, resetMs: 10_000, lowWater: 2 });
    expect(await repo(two).takeCall('app-s', now)).toBe(5000);
    expect(await repo(two).takeCall('app-s', now + 5000)).toBe(0);
    await repo(two).blockUntil('app-s', now + 30_000);
    await repo(one).blockUntil('app-s', now + 20_000);
    expect(await repo(one).takeCall('app-s', now + 10_000)).toBe(20_000);
    expect(await repo(one).takeCall('app-s', now + 30_000)).toBe(0);
  });
});
