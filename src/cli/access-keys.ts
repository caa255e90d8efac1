import { AuditLog } from '../api/audit.js';
import type { CommandIO } from '../cli.js';
import { systemClock } from '../core/clock.js';
import { AppError } from '../core/errors.js';
import { createLogger, type Logger } from '../core/logger.js';
import { openStore } from '../store/open-store.js';
import { parseCommandArgs } from './args.js';
import { loadStoreConfig } from './config.js';
import { socketKeyCommands } from './control-socket.js';
import { type KeyCommands, storeKeyCommands } from './key-commands.js';

const HELP = `Usage:
  mimecast-c2c access-keys create --name NAME [--data DIR | --db URL] [--json]
  mimecast-c2c access-keys list [--data DIR | --db URL] [--json]
  mimecast-c2c access-keys revoke ACCESS_ID [--data DIR | --db URL]

The key is printed once, at creation; only a salted hash of it is stored. Use the pair with HTTP Basic auth.
revoke disables the key (the API can enable it again or delete it). These work while a server runs: on the
embedded store they are sent to the server through the control socket in its data directory.
`;

interface Opened {
  commands: KeyCommands;
  close(): Promise<void>;
}

/** The store itself when this process can open it; else, for a data directory a server holds, that server's control socket. */
async function openKeyCommands(config: ReturnType<typeof loadStoreConfig>, logger: Logger): Promise<Opened> {
  try {
    const store = await openStore({ data: config.data, db: config.db, secretKey: config.secretKey, clock: systemClock, logger });
    const audit = new AuditLog(store, systemClock, logger);
    return {
      commands: storeKeyCommands(store, { audit }),
      async close() {
        await audit.flush();
        await store.close();
      },
    };
  } catch (error) {
    if (!(error instanceof AppError && error.code === 'store.locked')) throw error;
    return { commands: socketKeyCommands(config.data), close: async () => {} };
  }
}

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
  const name = values.name?.trim() ?? '';
  if (action === 'create' && (name === '' || name.length > 128)) throw new AppError('usage', '--name is required (1 to 128 characters)');
  if (action === 'revoke' && rest.length !== 1) throw new AppError('usage', 'revoke takes one ACCESS_ID');
  if (action !== 'revoke' && rest.length > 0) throw new AppError('usage', `unexpected argument '${rest[0]}'`);

  const config = loadStoreConfig(values, io.env);
  const logger = createLogger({ level: 'warn', stream: io.stderr });
  const { commands, close } = await openKeyCommands(config, logger);
  try {
    if (action === 'create') {
      const key = await commands.create(name);
      if (values.json) io.stdout.write(`${JSON.stringify({ accessId: key.id, accessKey: key.key, name: key.label })}\n`);
      else io.stdout.write(`accessId:  ${key.id}\naccessKey: ${key.key}\n(the key is shown only now; store it safely)\n`);
      return 0;
    }
    if (action === 'list') {
      const keys = await commands.list();
      if (values.json) io.stdout.write(`${JSON.stringify(keys)}\n`);
      else for (const k of keys) io.stdout.write(`${k.id}\t${k.label}\t${k.createdAt}\t${k.disabled ? 'disabled' : 'active'}\n`);
      return 0;
    }
    if (!(await commands.revoke(rest[0]))) {
      io.stderr.write(`mimecast-c2c access-keys: no access key ${rest[0]}\n`);
      return 1;
    }
    io.stdout.write(`revoked ${rest[0]}\n`);
    return 0;
  } catch (error) {
    if (error instanceof AppError && error.code === 'control.unreachable') {
      throw new AppError(
        'store.locked',
        `the data directory ${config.data} is in use by a process that does not answer on its control socket (another command, or an older server): stop it first`,
        { cause: error },
      );
    }
    throw error;
  } finally {
    await close();
  }
}
