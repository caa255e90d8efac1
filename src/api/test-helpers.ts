import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { CollectorControl } from '../collector/runtime.js';
import { type Clock, ManualClock } from '../core/clock.js';
import { type Logger, silentLogger } from '../core/logger.js';
import { createServices, type Services, type ServicesConfig } from '../services/index.js';
import type { DuckDbFaults } from '../store/duckdb/context.js';
import { openStore } from '../store/open-store.js';
import type { Store } from '../store/store.js';
import { type ApiOptions, buildServer } from './server.js';

/** The source body of the seed document (spec/api.md "Sources"), with overrides. */
export function makeSourceBody(config: Record<string, unknown> = {}, source: Record<string, unknown> = {}) {
  return {
    'api.version': 'v1',
    source: {
      config: {
        name: 'Mimecast',
        description: 'Mimecast',
        category: 'Mimecast',
        clientID: 'demo-client-id',
        clientSecret: 'demo-client-secret',
        dataCollection: ['siem', 'dlp', 'auditEvent', 'holdMessageList'],
        fields: { _siemForward: true, team: 'soc' },
        filters: [{ filterType: 'Mask', name: 'mask-rcpt', regexp: '"recipientAddress":"([^"]+)"', mask: '#####' }],
        hashAlgorithm: 'MD5',
        region: 'us',
        startTime: '-7d',
        pollingIntervalSec: 300,
        ...config,
      },
      schemaRef: { type: 'Mimecast' },
      sourceType: 'Universal',
      ...source,
    },
  };
}

export function basic(accessId: string, accessKey: string): string {
  return `Basic ${Buffer.from(`${accessId}:${accessKey}`).toString('base64')}`;
}

export interface TestApi {
  app: FastifyInstance;
  store: Store;
  services: Services;
  clock: Clock;
  auth: string;
  close(): Promise<void>;
}

/** A server on a fresh DuckDB store in a temp directory, with one access key; requests go through app.inject(). */
export async function startTestApi(
  options: {
    clock?: Clock;
    config?: Partial<ApiOptions & ServicesConfig>;
    collector?: CollectorControl;
    logger?: Logger;
    /** Faults the DuckDB store injects into its writes (a store outage). */
    storeFaults?: DuckDbFaults;
    /** A PostgreSQL database to use instead of DuckDB (src/store/postgres/test-database.ts). */
    db?: string;
  } = {},
): Promise<TestApi> {
  const clock = options.clock ?? new ManualClock();
  const dir = await mkdtemp(path.join(os.tmpdir(), 'mc2c-api-'));
  const store = await openStore({
    data: dir,
    clock,
    logger: silentLogger,
    secretKey: 'test-secret-key',
    ...(options.db && { db: options.db }),
    ...(options.storeFaults && { duckdb: { faults: options.storeFaults } }),
  });
  const logger = options.logger ?? silentLogger;
  const config = { minPollSec: 30, apiRateLimitPerSec: 1000, ...options.config };
  const services = createServices({ store, clock, logger, runtime: options.collector, config });
  const app = await buildServer({ store, clock, logger, services, config });
  const { accessId, accessKey } = await store.accessKeys.create('test');
  return {
    app,
    store,
    services,
    clock,
    auth: basic(accessId, accessKey),
    async close() {
      await app.close();
      await services.close();
      await store.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
