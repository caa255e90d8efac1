import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../core/clock.js';
import { silentLogger } from '../../core/logger.js';
import { createServices, type Services } from '../../services/index.js';
import { openStore } from '../../store/open-store.js';
import type { Store } from '../../store/store.js';
import { CASES, caseRows, setUpCases } from './__fixtures__/detection-cases.js';
import { MIMECAST_DETECTIONS } from './pack.js';

/** Every monitor of the pack, evaluated once by the real monitors engine on a DuckDB store (cases: __fixtures__/detection-cases.ts). */

let dir: string;
let store: Store;
let services: Services;
let ids: { fire: string; quiet: string }[];
const clock = new ManualClock();

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'mc2c-detections-'));
  store = await openStore({ data: dir, clock, logger: silentLogger, secretKey: 'detections' });
  services = createServices({ store, clock, logger: silentLogger, config: { minPollSec: 30, monitorRunner: { batch: 100 } } });
  ids = await setUpCases(store, services, clock);
  await services.monitors.runOnce();
});
afterAll(async () => {
  await services?.close();
  await store?.close();
  await rm(dir, { recursive: true, force: true });
});

describe('the Mimecast detection pack on DuckDB', () => {
  it('has a case for every monitor it holds', () => {
    expect(new Set(CASES.map((c) => c.monitor))).toEqual(new Set(MIMECAST_DETECTIONS.map((m) => m.name)));
  });

  it.each(caseRows())('%s: fires on its data (%s), not on the rest', async (_name, type, i) => {
    const fired = await store.alerts.listOpen(ids[i].fire);
    expect(fired.map((a) => a.triggerType)).toEqual(Array(CASES[i].alerts ?? 1).fill(type));
    expect(await store.alerts.listOpen(ids[i].quiet)).toEqual([]);
  });
});
