import type { Command, CommandIO } from './cli/io.js';
import { AppError } from './core/errors.js';
import { releaseDuckDbMemoryAtOnce } from './store/duckdb/allocator.js';

/** Each command lives in its own module under cli/, loaded only when asked for. */
const commands: Record<string, { summary: string; load: () => Promise<{ run: Command }> }> = {
  serve: { summary: 'run the server (API, UI, collection)', load: () => import('./cli/serve.js') },
  demo: { summary: 'simulator + server + a demo source, for a first look', load: () => import('./cli/demo.js') },
  simulate: { summary: 'run the Mimecast API 2.0 simulator', load: () => import('./cli/simulate.js') },
  search: { summary: 'run a query against the store', load: () => import('./cli/search.js') },
  import: { summary: 'load JSON lines files as messages', load: () => import('./cli/import.js') },
  backup: { summary: 'copy the embedded store to a file (while serving)', load: () => import('./cli/backup.js') },
  restore: { summary: 'put a backup back as the store', load: () => import('./cli/restore.js') },
  'import-indicators': { summary: 'load threat indicators (STIX 2.x, CSV)', load: () => import('./cli/import-indicators.js') },
  'access-keys': { summary: 'create, list or revoke API access keys', load: () => import('./cli/access-keys.js') },
};

function usage(): string {
  const lines = Object.entries(commands).map(([name, c]) => `  ${name.padEnd(18)} ${c.summary}`);
  return `Usage: mimecast-c2c <command> [options]\n\nCommands:\n${lines.join('\n')}\n\nRun 'mimecast-c2c <command> --help' for a command's options.\n`;
}

export async function main(
  argv: string[],
  io: CommandIO = { stdout: process.stdout, stderr: process.stderr, env: process.env },
): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    io.stdout.write(usage());
    return name ? 0 : 2;
  }
  const command = commands[name];
  if (!command) {
    io.stderr.write(`mimecast-c2c: unknown command '${name}'\n\n${usage()}`);
    return 2;
  }
  // Before the command's modules load DuckDB; the process's own environment, which DuckDB's allocator reads.
  releaseDuckDbMemoryAtOnce();
  try {
    const { run } = await command.load();
    return await run(rest, io);
  } catch (error) {
    // A user never sees a stack trace: typed errors print their message, anything else a short line.
    if (error instanceof AppError) {
      io.stderr.write(`mimecast-c2c ${name}: ${error.message}\n`);
      return 1;
    }
    io.stderr.write(`mimecast-c2c ${name}: unexpected error: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
}
