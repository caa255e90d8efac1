import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Helpers that run the real CLI as child processes, as a user would, for the end-to-end tests. */

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const BIN = path.join(repoRoot, 'bin', 'mimecast-c2c.js');

export interface Child {
  process: ChildProcess;
  /** The URL from the first stdout line. */
  url: string;
  stdout: () => string;
  stderr: () => string;
  /** Resolves with the exit code (or signal) once the process has ended. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

const running = new Set<ChildProcess>();

/** Kills every child still running (called from afterAll/afterEach so no test leaves processes behind). */
export async function killAll(): Promise<void> {
  await Promise.all(
    [...running].map(
      (child) =>
        new Promise<void>((resolve) => {
          if (child.exitCode !== null || child.signalCode !== null) return resolve();
          child.once('exit', () => resolve());
          child.kill('SIGKILL');
        }),
    ),
  );
}

/**
 * Starts `mimecast-c2c <args>` and waits for its first stdout line to match `ready`. `launcher`: node's
 * arguments before `args` (the bin script by default).
 */
export function startCli(args: string[], env: Record<string, string>, ready: RegExp, timeoutMs = 30_000, launcher = [BIN]): Promise<Child> {
  const child = spawn(process.execPath, [...launcher, ...args], {
    cwd: repoRoot,
    env: { ...process.env, MC2C_LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(child);
  let out = '';
  let err = '';
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once('exit', (code, signal) => {
      running.delete(child);
      resolve({ code, signal });
    });
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    err += chunk.toString('utf8');
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`'${args.join(' ')}' did not start: ${err}`));
    }, timeoutMs);
    child.stdout?.on('data', (chunk: Buffer) => {
      const before = out;
      out += chunk.toString('utf8');
      if (before.includes('\n')) return;
      const newline = out.indexOf('\n');
      if (newline < 0) return;
      clearTimeout(timer);
      const first = out.slice(0, newline);
      const match = ready.exec(first);
      if (!match) {
        child.kill('SIGKILL');
        reject(new Error(`unexpected first line: ${first}`));
        return;
      }
      resolve({ process: child, url: match[1], stdout: () => out, stderr: () => err, exited });
    });
    exited.then(({ code }) => {
      clearTimeout(timer);
      reject(new Error(`'${args.join(' ')}' exited with ${code} before it was ready: ${err}`));
    });
  });
}

/** Runs a CLI command to completion. */
export function runCli(args: string[], env: Record<string, string> = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: repoRoot, env: { ...process.env, MC2C_LOG_LEVEL: 'warn', ...env } });
    running.add(child);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => {
      stdout += c.toString('utf8');
    });
    child.stderr.on('data', (c: Buffer) => {
      stderr += c.toString('utf8');
    });
    child.once('exit', (code) => {
      running.delete(child);
      resolve({ code, stdout, stderr });
    });
  });
}

export function startSimulatorProcess(args: string[] = []): Promise<Child> {
  return startCli(['simulate', '--port', '0', ...args], {}, /^Mimecast simulator listening on (http:\/\/\S+)$/);
}

export function startServeProcess(dataDir: string, env: Record<string, string>): Promise<Child> {
  return startCli(['serve', '--port', '0', '--data', dataDir], env, /^mimecast-c2c listening on (http:\/\/\S+)$/);
}

/** Creates an access key in a data directory (no server may hold it) and returns the Basic auth header. */
export async function createAccessKey(dataDir: string, env: Record<string, string> = {}): Promise<string> {
  const result = await runCli(['access-keys', 'create', '--name', 'e2e', '--data', dataDir, '--json'], env);
  if (result.code !== 0) throw new Error(`access-keys create failed: ${result.stderr}`);
  const { accessId, accessKey } = JSON.parse(result.stdout) as { accessId: string; accessKey: string };
  return `Basic ${Buffer.from(`${accessId}:${accessKey}`).toString('base64')}`;
}

export async function tempDir(prefix: string): Promise<{ dir: string; remove: () => Promise<void> }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), prefix));
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}

/** Polls `probe` until it returns a value other than undefined, or fails after `timeoutMs`. */
export async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 30_000, everyMs = 200): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error) {
      last = error;
    }
    await new Promise((r) => setTimeout(r, everyMs));
  }
  throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
}

/** A JSON API call with Basic auth. */
export async function api<T = Record<string, unknown>>(
  baseUrl: string,
  auth: string,
  method: string,
  route: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: T; headers: Headers }> {
  const res = await fetch(`${baseUrl}${route}`, {
    method,
    headers: { authorization: auth, ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: (text === '' ? {} : JSON.parse(text)) as T, headers: res.headers };
}
