import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { buildServer } from '../api/server.js';
import { createMimecastRuntime } from '../collector/mimecast-runtime.js';
import type { CollectorRuntime } from '../collector/runtime.js';
import { SET_ASIDE_DIR } from '../collector/set-aside-files.js';
import { type Clock, systemClock } from '../core/clock.js';
import { createLogger, type Logger } from '../core/logger.js';
import { createServices, type Services } from '../services/index.js';
import { createMetricsRegistry } from '../services/metrics.js';
import { openStore } from '../store/open-store.js';
import type { Store } from '../store/store.js';
import { parseCommandArgs } from './args.js';
import { loadServerConfig, type ServerConfig } from './config.js';
import { openControlSocket } from './control-socket.js';
import { limitHeapGrowth } from './heap-growth.js';
import type { CommandIO } from './io.js';
import { readTlsFiles } from './tls.js';

const HELP = `Usage: mimecast-c2c serve [--port 8080] [--host 127.0.0.1] [--data ./data | --db postgres://…]
                         [--allowed-hosts NAME,…] [--tls-cert FILE --tls-key FILE] [--public-url URL]
                         [--max-store-gb N]

Runs the API, the UI and the collection of every source. Requests whose Host header is not loopback, the
--host address or one of --allowed-hosts are refused (421), which stops DNS-rebinding attacks. With --tls-cert
and --tls-key (PEM files; or MC2C_TLS_CERT and MC2C_TLS_KEY) it serves HTTPS only, with HSTS and Secure
session cookies. --public-url (or MC2C_PUBLIC_URL) is the address users reach the UI at; the links in monitor
notifications start with it. The first line on stdout is "mimecast-c2c listening on http://HOST:PORT" (https:// with TLS;
with --port 0, the port chosen). Stops cleanly on SIGTERM or SIGINT (running searches are cancelled), and
exits within 20 seconds whatever is still running. With --max-store-gb (or MC2C_MAX_STORE_GB) the store's disk
use is kept under N GB by deleting the oldest days first, with a health event; a budget below what the store
takes at start is refused. Mimecast batch files the collector had to skip (damaged gzip, broken lines) are
kept in DATA/set-aside/SOURCE_ID/ (the newest 20 and 64 MB per source; the source's "Batch File Set Aside"
health event says where): look with ls and zcat, or gzip -dc FILE | less for a gzip cut short.
`;

/** A stop that takes longer than this (a query that will not stop, a stuck socket) ends the process anyway. */
export const SHUTDOWN_DEADLINE_MS = 20_000;

export interface RunningServer {
  url: string;
  app: FastifyInstance;
  store: Store;
  runtime: CollectorRuntime;
  services: Services;
  /**
   * Stops collection (the batch in flight commits or is abandoned, never half-stored), then the API, then
   * the services, which cancel every search job and wait for its query to stop, then the store.
   */
  close(): Promise<void>;
}

export async function startServer(config: ServerConfig, deps: { logger: Logger; clock?: Clock }): Promise<RunningServer> {
  const clock = deps.clock ?? systemClock;
  const { logger } = deps;
  // Before anything is opened: a wrong file is the user's first mistake to hear about, and costs nothing to undo.
  const https = config.tls ? await readTlsFiles(config.tls) : undefined;
  const store = await openStore({ data: config.data, db: config.db, secretKey: config.secretKey, duckdb: config.duckdb, clock, logger });
  const metrics = createMetricsRegistry();
  const runtime = createMimecastRuntime({
    store,
    clock,
    logger: logger.child({ component: 'collector' }),
    mimecastBaseUrl: config.mimecastBaseUrl,
    telemetry: metrics.telemetry,
    setAsideDir: path.join(config.data, SET_ASIDE_DIR),
  });
  const services = createServices({ store, clock, logger, runtime, config, metrics });
  let app: FastifyInstance | undefined;
  let control: { close(): Promise<void> } | undefined;
  try {
    app = await buildServer({ store, clock, logger: logger.child({ component: 'api' }), services, config, https });
    await app.listen({ port: config.port, host: config.host });
    await services.partitions.start();
    await runtime.start();
    services.monitors.start();
    control = await openControlSocket(app, { store, clock, logger, dataDir: config.data });
  } catch (error) {
    await control?.close().catch(() => {});
    await runtime.stop().catch(() => {});
    await app?.close().catch(() => {});
    await services.close().catch(() => {});
    await store.close().catch(() => {});
    throw error;
  }
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const host = config.host.includes(':') ? `[${config.host}]` : config.host;
  const server = app;
  return {
    url: `${https ? 'https' : 'http'}://${host}:${port}`,
    app: server,
    store,
    runtime,
    services,
    async close() {
      await control?.close();
      await runtime.stop();
      await server.close();
      await services.close();
      await store.close();
    },
  };
}

/** Resolves on the first SIGTERM or SIGINT. */
export function waitForStopSignal(): Promise<string> {
  return new Promise((resolve) => {
    const onSignal = (signal: string) => {
      process.off('SIGTERM', onSignal);
      process.off('SIGINT', onSignal);
      resolve(signal);
    };
    process.on('SIGTERM', onSignal);
    process.on('SIGINT', onSignal);
  });
}

export async function run(args: string[], io: CommandIO): Promise<number> {
  const { values } = parseCommandArgs('serve', args, {
    port: { type: 'string' },
    host: { type: 'string' },
    data: { type: 'string' },
    db: { type: 'string' },
    'allowed-hosts': { type: 'string' },
    'tls-cert': { type: 'string' },
    'tls-key': { type: 'string' },
    'max-store-gb': { type: 'string' },
    'public-url': { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    io.stdout.write(HELP);
    return 0;
  }
  limitHeapGrowth();
  const config = loadServerConfig(values, io.env);
  const logger = createLogger({ level: config.logLevel, stream: io.stderr });
  const stopped = waitForStopSignal();
  const server = await startServer(config, { logger });
  io.stdout.write(`mimecast-c2c listening on ${server.url}\n`);
  const signal = await stopped;
  logger.info('stopping', { signal });
  // Unref'd: a clean stop exits at once; only a stop still hanging at the deadline reaches process.exit.
  setTimeout(() => {
    logger.error('shutdown did not finish in time, exiting', { deadlineMs: SHUTDOWN_DEADLINE_MS });
    process.exit(1);
  }, SHUTDOWN_DEADLINE_MS).unref();
  await server.close();
  return 0;
}
