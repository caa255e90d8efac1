import { AppError } from '../core/errors.js';
import { parseFaultList } from '../simulator/faults.js';
import { type FaultConfig, startSimulator } from '../simulator/index.js';
import { parseCommandArgs } from './args.js';
import type { CommandIO } from './io.js';

const HELP = `Usage: mimecast-c2c simulate [options]

Runs a Mimecast API 2.0 simulator with seeded synthetic data (see docs/simulator.md).

Options:
  --port N               port to listen on (default 9000; 0 picks a free one)
  --host HOST            address to bind (default 127.0.0.1)
  --seed N               data seed: the same seed always serves the same events (default 1)
  --rate N               SIEM events per minute (default 3.3, i.e. 200 per hour)
  --dlp-per-hour N       DLP log records per hour (default 4)
  --audit-per-hour N     audit events per hour (default 3)
  --hold-per-hour N      messages put on hold per hour (default 3)
  --ttp-url-per-hour N, --ttp-attachment-per-hour N, --ttp-impersonation-per-hour N,
  --held-release-per-hour N, --archive-search-per-hour N
                         records of those logs per hour (defaults 6, 3, 2, 2, 1)
  --ci-per-hour N        Cloud Integrated events per hour (default 12)
  --threat-per-hour N    threat-intel indicators per hour in each feed (default 4)
  --batch-url-ttl-sec N  lifetime of batch-file URLs, seconds (default 900)
  --faults LIST          start with faults, e.g. errorRate=0.2,delayMs=500,forbidden=dlp+siem
  --client-id ID         accepted client id (default demo-client-id)
  --client-secret S      accepted client secret (default demo-client-secret)
  -h, --help             show this help
`;

function number(name: string, text: string | undefined, integer = false): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value) || value < 0 || (integer && !Number.isInteger(value))) {
    throw new AppError('usage', `--${name}: must be ${integer ? 'an integer' : 'a number'} >= 0 (see 'mimecast-c2c simulate --help')`);
  }
  return value;
}

export async function run(args: string[], io: CommandIO): Promise<number> {
  const { values } = parseCommandArgs('simulate', args, {
    port: { type: 'string' },
    host: { type: 'string' },
    seed: { type: 'string' },
    rate: { type: 'string' },
    'dlp-per-hour': { type: 'string' },
    'audit-per-hour': { type: 'string' },
    'hold-per-hour': { type: 'string' },
    'ttp-url-per-hour': { type: 'string' },
    'ttp-attachment-per-hour': { type: 'string' },
    'ttp-impersonation-per-hour': { type: 'string' },
    'held-release-per-hour': { type: 'string' },
    'archive-search-per-hour': { type: 'string' },
    'ci-per-hour': { type: 'string' },
    'threat-per-hour': { type: 'string' },
    'batch-url-ttl-sec': { type: 'string' },
    faults: { type: 'string' },
    'client-id': { type: 'string' },
    'client-secret': { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    io.stdout.write(HELP);
    return 0;
  }
  let faults: Partial<FaultConfig> = {};
  try {
    if (values.faults !== undefined) faults = parseFaultList(values.faults);
  } catch (error) {
    throw new AppError('usage', error instanceof Error ? error.message : String(error));
  }
  const port = number('port', values.port, true) ?? 9000;
  if (port > 65535) throw new AppError('usage', '--port: must be between 0 and 65535');
  const rate = number('rate', values.rate);
  const clientId = values['client-id'] ?? 'demo-client-id';
  const clientSecret = values['client-secret'] ?? 'demo-client-secret';
  const sim = await startSimulator({
    host: values.host ?? '127.0.0.1',
    port,
    seed: number('seed', values.seed, true) ?? 1,
    clientId,
    clientSecret,
    faults,
    siemPerHour: rate === undefined ? undefined : rate * 60,
    dlpPerHour: number('dlp-per-hour', values['dlp-per-hour']),
    auditPerHour: number('audit-per-hour', values['audit-per-hour']),
    holdPerHour: number('hold-per-hour', values['hold-per-hour']),
    ttpUrlPerHour: number('ttp-url-per-hour', values['ttp-url-per-hour']),
    ttpAttachmentPerHour: number('ttp-attachment-per-hour', values['ttp-attachment-per-hour']),
    ttpImpersonationPerHour: number('ttp-impersonation-per-hour', values['ttp-impersonation-per-hour']),
    heldReleasePerHour: number('held-release-per-hour', values['held-release-per-hour']),
    archiveSearchPerHour: number('archive-search-per-hour', values['archive-search-per-hour']),
    ciPerHour: number('ci-per-hour', values['ci-per-hour']),
    threatPerHour: number('threat-per-hour', values['threat-per-hour']),
    batchUrlTtlSec: number('batch-url-ttl-sec', values['batch-url-ttl-sec'], true),
  }).catch((error: unknown) => {
    throw new AppError('listen', `cannot listen: ${error instanceof Error ? error.message : String(error)}`);
  });
  io.stdout.write(`Mimecast simulator listening on ${sim.url}\n`);
  io.stdout.write(
    [
      `  client id:      ${clientId}`,
      `  client secret:  ${clientSecret}`,
      `  token:          POST ${sim.url}/oauth/token (grant_type=client_credentials)`,
      `  faults:         GET/POST ${sim.url}/__admin/faults   stats: GET ${sim.url}/__admin/stats`,
      '  stop with Ctrl-C',
      '',
    ].join('\n'),
  );
  await new Promise<void>((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  await sim.close();
  return 0;
}
