import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { systemClock } from '../core/clock.js';
import { silentLogger } from '../core/logger.js';
import { DAY_MS } from '../model/partition.js';
import { makeMessage } from '../store/__fixtures__/builders.js';
import { openStore } from '../store/open-store.js';
import type { Store } from '../store/store.js';
import { createStoreBudget, STORE_RESOURCE_ID } from './store-budget.js';

const dirs: string[] = [];
const stores: Store[] = [];
afterEach(async () => {
  for (const s of stores.splice(0)) await s.close();
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
});

const DAYS = 6;
const PER_DAY = 3_000;

/** Six days of 1 KB messages: about 18 MB of message text, so DuckDB's 256 KB blocks measure it well. */
async function filledStore(): Promise<{ store: Store; today: number }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'mc2c-budget-'));
  dirs.push(dir);
  const store = await openStore({ data: dir, secretKey: 'k', clock: systemClock, logger: silentLogger });
  stores.push(store);
  const today = Math.floor(Date.now() / DAY_MS) * DAY_MS;
  const filler = 'x'.repeat(1000);
  for (let d = DAYS - 1; d >= 0; d--) {
    const messages = Array.from({ length: PER_DAY }, (_, i) =>
      makeMessage('S1', `d${d}-${i}`, { messageTime: today - d * DAY_MS + i, raw: `{"n":${i},"pad":"${filler}${d}-${i}"}` }),
    );
    await store.messages.append(messages);
  }
  return { store, today };
}

const daysLeft = async (store: Store) =>
  (await store.query('SELECT DISTINCT (messagetime // 86400000) * 86400000 AS day FROM messages ORDER BY day', [])).map((r) =>
    Number(r.day),
  );

describe('the store disk budget (--max-store-gb)', () => {
  it('over budget, deletes the oldest days first down to under its target, with a health event; resolved once under', async () => {
    const { store, today } = await filledStore();
    const used = await store.partitions.diskBytes();
    const budget = createStoreBudget({ store, clock: systemClock, logger: silentLogger, maxBytes: Math.floor(used * 0.7) });

    const deleted = await budget.enforce();
    const kept = await daysLeft(store);
    // 0.9 of 0.7 of the store: at least the two oldest of six equal days go, never the newest.
    expect(deleted).toBeGreaterThanOrEqual(2 * PER_DAY);
    expect(deleted % PER_DAY).toBe(0);
    expect(kept).toEqual(Array.from({ length: DAYS - deleted / PER_DAY }, (_, i) => today - (DAYS - 1 - deleted / PER_DAY - i) * DAY_MS));
    expect(kept.at(-1)).toBe(today);
    expect(await store.partitions.diskBytes()).toBeLessThanOrEqual(budget.maxBytes);

    const [event] = await store.health.list({ unresolvedOnly: true, resourceIds: [STORE_RESOURCE_ID], limit: 10, offset: 0 });
    expect(event).toMatchObject({
      eventName: 'FirstPartyGenericError',
      severityLevel: 'Warning',
      resourceIdentity: { id: STORE_RESOURCE_ID, type: 'Store' },
    });
    expect(event.details.error).toContain(
      `deleted ${deleted} messages of ${new Date(today - (DAYS - 1) * DAY_MS).toISOString().slice(0, 10)}`,
    );

    const roomy = createStoreBudget({ store, clock: systemClock, logger: silentLogger, maxBytes: used * 2 });
    expect(await roomy.enforce()).toBe(0);
    expect(await store.health.list({ unresolvedOnly: true, resourceIds: [STORE_RESOURCE_ID], limit: 10, offset: 0 })).toEqual([]);
    await roomy.checkAtStart();
  });

  it('refuses at start a budget below what the store takes, naming the flag', async () => {
    const { store } = await filledStore();
    const budget = createStoreBudget({ store, clock: systemClock, logger: silentLogger, maxBytes: 1024 * 1024 });
    await expect(budget.checkAtStart()).rejects.toMatchObject({ code: 'usage', field: 'max-store-gb' });
    await expect(budget.checkAtStart()).rejects.toThrow(/--max-store-gb: 0\.00 GB is less than the 0\.0\d GB the store takes now/);
  });
});
