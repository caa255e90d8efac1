import { MIMECAST_CURRENT_APP } from '../content/current/mimecast-current-app.js';
import { MIMECAST_LEGACY_APP } from '../content/mimecast-app.js';
import { createLogger } from '../core/logger.js';
import type { Services } from '../services/index.js';
import { startSimulator } from '../simulator/index.js';
import { parseCommandArgs } from './args.js';
import { loadServerConfig } from './config.js';
import type { CommandIO } from './io.js';
import { startServer, waitForStopSignal } from './serve.js';

const HELP = `Usage: mimecast-c2c demo [--port 8080] [--host 127.0.0.1] [--data ./data]

Starts the built-in Mimecast simulator (synthetic DEMO data, live), the server, and a 'Demo' collector
with a 'Mimecast Demo' source reading the simulator, then prints the URL and a demo access key.
`;

export const DEMO_COLLECTOR = 'Demo';
export const DEMO_SOURCE = 'Mimecast Demo';
const DEMO_KEY_NAME = 'demo';

/** Idempotent: a second run reuses the collector and the source (and their checkpoints). */
async function ensureDemoSource(services: Services, minPollSec: number): Promise<void> {
  const collectors = await services.collectors.list();
  const collector =
    collectors.find((c) => c.name === DEMO_COLLECTOR) ??
    (await services.collectors.create({
      collector: {
        collectorType: 'Hosted',
        name: DEMO_COLLECTOR,
        description: 'Demo data from the built-in Mimecast simulator',
        category: 'Mimecast',
      },
    }));
  const sources = await services.sources.list(collector.id);
  if (sources.some((s) => s.config.name === DEMO_SOURCE)) return;
  await services.sources.create(collector.id, {
    'api.version': 'v1',
    source: {
      config: {
        name: DEMO_SOURCE,
        description: 'DEMO DATA: synthetic events from the built-in Mimecast simulator',
        category: 'Mimecast',
        clientID: 'demo-client-id',
        clientSecret: 'demo-client-secret',
        dataCollection: ['siem', 'dlp', 'auditEvent', 'holdMessageList'],
        fields: { _siemForward: true },
        startTime: '-2d',
        pollingIntervalSec: Math.max(minPollSec, 30),
      },
      schemaRef: { type: 'Mimecast' },
      sourceType: 'Universal',
    },
  });
}

/**
 * Each app is installed once into the demo key's personal folder, so the dashboards are there on first sign-in.
 * The older app keeps the folder name it had as the only app, so an existing demo data directory gets only
 * the current app added.
 */
const DEMO_APPS = [
  { app: MIMECAST_LEGACY_APP, folder: 'Mimecast' },
  { app: MIMECAST_CURRENT_APP, folder: 'Mimecast (current)' },
];

async function ensureDemoDashboards({ library }: Services): Promise<void> {
  for (const { app, folder } of DEMO_APPS) {
    const personal = await library.personalFolder(DEMO_KEY_NAME);
    if (personal.children.some((c) => c.name === folder)) continue;
    await library.installApp(
      app.uuid,
      {
        name: folder,
        description: `DEMO DATA: the ${app.name} app over the simulator source`,
        destinationFolderId: personal.id,
        dataSourceValues: { logsrc: '_sourceCategory=Mimecast' },
      },
      DEMO_KEY_NAME,
    );
  }
}

export async function run(args: string[], io: CommandIO): Promise<number> {
  const { values } = parseCommandArgs('demo', args, {
    port: { type: 'string' },
    host: { type: 'string' },
    data: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    io.stdout.write(HELP);
    return 0;
  }
  const base = loadServerConfig(values, io.env);
  const logger = createLogger({ level: base.logLevel, stream: io.stderr });
  const simulator = await startSimulator({
    host: '127.0.0.1',
    port: 0,
    seed: 1,
    clientId: 'demo-client-id',
    clientSecret: 'demo-client-secret',
  });
  const stopped = waitForStopSignal();
  try {
    const server = await startServer({ ...base, db: undefined, mimecastBaseUrl: simulator.url, demo: true }, { logger });
    try {
      await ensureDemoSource(server.services, base.minPollSec);
      await ensureDemoDashboards(server.services);
      for (const key of await server.store.accessKeys.list()) {
        if (key.name === DEMO_KEY_NAME && !key.disabled) await server.store.accessKeys.update(key.accessId, { disabled: true });
      }
      const { accessId, accessKey } = await server.store.accessKeys.create(DEMO_KEY_NAME, { createdBy: 'demo' });
      io.stdout.write(
        [
          `mimecast-c2c listening on ${server.url}`,
          '',
          '  DEMO MODE: every event comes from the built-in Mimecast simulator (synthetic data).',
          `  simulator:  ${simulator.url}`,
          `  open:       ${server.url}`,
          `  access id:  ${accessId}`,
          `  access key: ${accessKey}`,
          '  dashboards: Library > Personal > Mimecast (installed for the demo key)',
          `  API:        curl -u ${accessId}:${accessKey} ${server.url}/api/v1/collectors`,
          '',
          '  Ctrl+C stops it; the data stays in the data directory.',
          '',
        ].join('\n'),
      );
      await stopped;
    } finally {
      await server.close();
    }
  } finally {
    await simulator.close();
  }
  return 0;
}
