import { systemClock } from '../core/clock.js';
import { AppError } from '../core/errors.js';
import { createLogger } from '../core/logger.js';
import { openStore } from '../store/open-store.js';
import { parseCommandArgs } from './args.js';
import { loadStoreConfig } from './config.js';
import type { CommandIO } from './io.js';

const HELP = `Usage:
  mimecast-c2c access-keys create --name NAME [--data DIR | --db URL] [--json]
  mimecast-c2c access-keys list [--data DIR | --db URL] [--json]
  mimecast-c2c access-keys revoke ACCESS_ID [--data DIR | --db URL]

The key is printed once, at creation; only a salted hash of it is stored. Use the pair with HTTP Basic auth.
With the embedded store (--data), run this while no server uses that directory.
`;

export async function run(args: string[], io: CommandIO): Promise<number> {
  const { values, positionals } = parseCommandArgs(
    'access-keys',
    args,
    {
      name: { type: 'string' },
      data: { type: 'string' },
      db: { type: 'string' },
      json: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
    true,
  );
  const [action, ...rest] = positionals;
  if (values.help || action === undefined) {
    io.stdout.write(HELP);
    return values.help ? 0 : 2;
  }
  if (action !== 'create' && action !== 'list' && action !== 'revoke') {
    throw new AppError('usage', `unknown action '${action}' (create, list or revoke)`);
  }
  if (action === 'create' && (values.name === undefined || values.name.trim() === '' || values.name.length > 128)) {
    throw new AppError('usage', '--name is required (1 to 128 characters)');
  }
  if (action === 'revoke' && rest.length !== 1) throw new AppError('usage', 'revoke takes one ACCESS_ID');
  if (action !== 'revoke' && rest.length > 0) throw new AppError('usage', `unexpected argument '${rest[0]}'`);

  const config = loadStoreConfig(values, io.env);
  const logger = createLogger({ level: 'warn', stream: io.stderr });
  const store = await openStore({ data: config.data, db: config.db, secretKey: config.secretKey, clock: systemClock, logger });
  try {
    if (action === 'create') {
      const { accessId, accessKey, record } = await store.createAccessKey(values.name!.trim());
      if (values.json) io.stdout.write(`${JSON.stringify({ accessId, accessKey, name: record.name })}\n`);
      else io.stdout.write(`accessId:  ${accessId}\naccessKey: ${accessKey}\n(the key is shown only now; store it safely)\n`);
      return 0;
    }
    if (action === 'list') {
      const keys = await store.listAccessKeys();
      if (values.json) {
        io.stdout.write(
          `${JSON.stringify(keys.map((k) => ({ ...k, createdAt: new Date(k.createdAt).toISOString(), lastUsedAt: k.lastUsedAt === null ? null : new Date(k.lastUsedAt).toISOString() })))}\n`,
        );
      } else {
        for (const k of keys) {
          io.stdout.write(`${k.accessId}\t${k.name}\t${new Date(k.createdAt).toISOString()}\t${k.revoked ? 'revoked' : 'active'}\n`);
        }
      }
      return 0;
    }
    const revoked = await store.revokeAccessKey(rest[0]);
    if (!revoked) {
      io.stderr.write(`mimecast-c2c access-keys: no access key ${rest[0]}\n`);
      return 1;
    }
    io.stdout.write(`revoked ${rest[0]}\n`);
    return 0;
  } finally {
    await store.close();
  }
}
