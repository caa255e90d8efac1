import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { systemClock } from '../core/clock.js';
import { AppError } from '../core/errors.js';
import { silentLogger } from '../core/logger.js';
import type { SourceRecord } from '../model/source.js';
import { makeSourceConfig } from '../store/__fixtures__/builders.js';
import { openStore } from '../store/open-store.js';
import type { Store } from '../store/store.js';
import { classifyFailure } from './classify.js';
import { HealthReporter } from './health.js';
import { SourceHealth } from './source-health.js';

/** The health events of one source whose data types fail on their own, on a real DuckDB store. */
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.reverse()) await c();
  cleanups.length = 0;
});

async function setup(): Promise<{ store: Store; source: SourceRecord; reporter: HealthReporter }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'mc2c-source-health-'));
  const store = await openStore({ data: dir, clock: systemClock, logger: silentLogger, secretKey: 'k' });
  cleanups.push(async () => {
    await store.close();
    await rm(dir, { recursive: true, force: true });
  });
  const collector = await store.collectors.create({ name: 'C', description: '', category: '', fields: {} });
  const source = await store.sources.create(collector.id, makeSourceConfig({ dataCollection: ['siem', 'dlp', 'auditEvent'] }));
  return { store, source, reporter: new HealthReporter(store, systemClock, silentLogger) };
}

const forbidden = () =>
  classifyFailure(new AppError('mimecast.forbidden', 'Forbidden to perform the requested operation', { status: 403 }));
const outage = () => classifyFailure(new AppError('mimecast.server', 'Internal Server Error', { status: 500, retryable: true }));

async function open(store: Store, sourceId: string): Promise<string[]> {
  const events = await store.health.list({ unresolvedOnly: true, resourceIds: [sourceId], limit: 10, offset: 0 });
  return events.map((e) => `${e.eventName} ${e.details.error}`).sort();
}

describe('SourceHealth', () => {
  it('keeps a data type’s config error open while a sibling recovers from an outage', async () => {
    const { store, source, reporter } = await setup();
    const health = new SourceHealth(source, 'C', reporter, silentLogger);
    await health.failed('dlp', forbidden());
    await health.failed('siem', outage());
    expect(await open(store, source.id)).toEqual([
      'ThirdPartyConfigError dlp: 403: Forbidden to perform the requested operation',
      'ThirdPartyGenericError siem: 500: Internal Server Error',
    ]);
    await health.recovered('siem');
    await health.recovered('auditEvent');
    expect(await open(store, source.id)).toEqual(['ThirdPartyConfigError dlp: 403: Forbidden to perform the requested operation']);
    await health.recovered('dlp');
    expect(await open(store, source.id)).toEqual([]);
  });

  it('resolves an event only when no data type fails with its name any more', async () => {
    const { store, source, reporter } = await setup();
    const health = new SourceHealth(source, 'C', reporter, silentLogger);
    await health.failed('dlp', forbidden());
    await health.failed('auditEvent', forbidden());
    await health.recovered('dlp');
    expect(await open(store, source.id)).toEqual(['ThirdPartyConfigError dlp: 403: Forbidden to perform the requested operation']);
    await health.recovered('auditEvent');
    expect(await open(store, source.id)).toEqual([]);
  });

  it('resolves what an earlier run left open at its first commit, but not what fails again', async () => {
    const { store, source, reporter } = await setup();
    const before = new SourceHealth(source, 'C', reporter, silentLogger);
    await before.failed('dlp', forbidden());
    await before.failed('siem', outage());
    const after = new SourceHealth(source, 'C', reporter, silentLogger);
    await after.failed('dlp', forbidden());
    // Authenticating is not a commit: nothing is swept yet.
    await after.recovered('source');
    expect((await open(store, source.id)).length).toBe(2);
    await after.recovered('siem');
    expect(await open(store, source.id)).toEqual(['ThirdPartyConfigError dlp: 403: Forbidden to perform the requested operation']);
  });

  it('moves a data type from one event to another when its failure changes kind', async () => {
    const { store, source, reporter } = await setup();
    const health = new SourceHealth(source, 'C', reporter, silentLogger);
    await health.failed('siem', outage());
    await health.failed('siem', forbidden());
    expect(await open(store, source.id)).toEqual(['ThirdPartyConfigError siem: 403: Forbidden to perform the requested operation']);
  });
});
