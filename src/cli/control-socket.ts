import { chmod, unlink } from 'node:fs/promises';
import http from 'node:http';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { AuditLog } from '../api/audit.js';
import type { Clock } from '../core/clock.js';
import { AppError, isErrorCode } from '../core/errors.js';
import type { Logger } from '../core/logger.js';
import type { BackupSummary, Store } from '../store/store.js';
import { type KeyCommands, storeKeyCommands } from './key-commands.js';

/**
 * While `serve` holds a DuckDB data directory (DuckDB lets one process open the file), the `access-keys`
 * and `backup` commands reach the store through this socket in the data directory instead. The socket is 0600 in a 0700
 * directory owned by the server's user: being able to connect is the authentication, exactly as being able
 * to open the database file would be.
 */
export const CONTROL_SOCKET = 'control.sock';

const MAX_BODY = 64 * 1024;

export function controlSocketPath(dataDir: string): string {
  return path.join(dataDir, CONTROL_SOCKET);
}

interface Reply {
  status: number;
  body: unknown;
}

/** What the socket serves: the access-key commands and a backup taken by the server itself. */
export interface ControlCommands {
  keys: KeyCommands;
  backup(file: string): Promise<BackupSummary>;
}

async function route(control: ControlCommands, method: string, url: string, body: Record<string, unknown>): Promise<Reply> {
  const commands = control.keys;
  if (method === 'POST' && url === '/v1/backup') {
    if (typeof body.file !== 'string' || !path.isAbsolute(body.file)) throw new AppError('usage', 'file must be an absolute path');
    return { status: 200, body: await control.backup(body.file) };
  }
  if (method === 'GET' && url === '/v1/access-keys') return { status: 200, body: { data: await commands.list() } };
  if (method === 'POST' && url === '/v1/access-keys') {
    if (typeof body.label !== 'string') throw new AppError('usage', 'label is required');
    return { status: 200, body: await commands.create(body.label) };
  }
  const revoke = /^\/v1\/access-keys\/([^/]+)\/revoke$/.exec(url);
  if (method === 'POST' && revoke) return { status: 200, body: { revoked: await commands.revoke(decodeURIComponent(revoke[1])) } };
  return { status: 404, body: { code: 'notfound', message: `${method} ${url} not found` } };
}

function readBody(request: http.IncomingMessage): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    let text = '';
    request.setEncoding('utf8');
    request.on('data', (chunk: string) => {
      text += chunk;
      if (text.length > MAX_BODY) request.destroy(new AppError('usage', 'the request is too large'));
    });
    request.on('end', () => {
      try {
        resolve(text === '' ? {} : (JSON.parse(text) as Record<string, unknown>));
      } catch {
        reject(new AppError('usage', 'the request is not JSON'));
      }
    });
    request.on('error', reject);
  });
}

/** Listens on `<dataDir>/control.sock`; a socket file left by a killed server is replaced (we hold the store's lock). */
export async function startControlSocket(
  dataDir: string,
  commands: ControlCommands,
  logger: Logger,
): Promise<{ path: string; close(): Promise<void> }> {
  const socketPath = controlSocketPath(dataDir);
  const server = http.createServer((request, response) => {
    readBody(request)
      .then((body) => route(commands, request.method ?? '', request.url ?? '', body))
      .catch((error: unknown) => {
        const known = error instanceof AppError;
        if (!known) logger.error('control socket request failed', { error: error instanceof Error ? error.message : String(error) });
        return {
          status: known ? 400 : 500,
          body: known ? { code: error.code, message: error.message } : { code: 'internal.error', message: 'An internal error occurred.' },
        };
      })
      .then(({ status, body }) => response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body)));
  });
  await unlink(socketPath).catch(() => undefined);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(socketPath, () => {
      server.off('error', reject);
      resolve();
    });
  });
  await chmod(socketPath, 0o600);
  return {
    path: socketPath,
    async close() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await unlink(socketPath).catch(() => undefined);
    },
  };
}

/** Sends one request to a running server's socket. Throws `control.unreachable` when none answers. */
function sendToServer(dataDir: string, method: string, url: string, body?: unknown): Promise<unknown> {
  const socketPath = controlSocketPath(dataDir);
  return new Promise<unknown>((resolve, reject) => {
    const request = http.request({ socketPath, method, path: url, headers: { 'content-type': 'application/json' } }, (response) => {
      let text = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => {
        text += chunk;
      });
      response.on('end', () => {
        const parsed = JSON.parse(text) as { code?: string; message?: string };
        if ((response.statusCode ?? 500) >= 400)
          reject(new AppError(isErrorCode(parsed.code) ? parsed.code : 'internal.error', parsed.message ?? 'request failed'));
        else resolve(parsed);
      });
    });
    request.on('error', (error) => reject(new AppError('control.unreachable', `no server answers on ${socketPath}`, { cause: error })));
    request.end(body === undefined ? undefined : JSON.stringify(body));
  });
}

/** The client side of the access-key commands. */
export function socketKeyCommands(dataDir: string): KeyCommands {
  const send = (method: string, url: string, body?: unknown) => sendToServer(dataDir, method, url, body);
  return {
    create: async (label) => (await send('POST', '/v1/access-keys', { label })) as Awaited<ReturnType<KeyCommands['create']>>,
    list: async () => ((await send('GET', '/v1/access-keys')) as { data: Awaited<ReturnType<KeyCommands['list']>> }).data,
    revoke: async (accessId) =>
      ((await send('POST', `/v1/access-keys/${encodeURIComponent(accessId)}/revoke`)) as { revoked: boolean }).revoked,
  };
}

/** Asks the server holding `dataDir` to write a backup to `file` (an absolute path it can write). */
export async function socketBackup(dataDir: string, file: string): Promise<BackupSummary> {
  return (await sendToServer(dataDir, 'POST', '/v1/backup', { file })) as BackupSummary;
}

/**
 * What `serve` runs beside its API on an embedded store: the control socket, with key changes audited and
 * told to the API's authenticator. None on PostgreSQL, where the CLI opens the database itself. A socket that
 * cannot be made (a path too long for a Unix socket) costs only the CLI's access while the server runs.
 */
export async function openControlSocket(
  app: FastifyInstance,
  deps: { store: Store; clock: Clock; logger: Logger; dataDir: string },
): Promise<{ close(): Promise<void> } | undefined> {
  if (deps.store.dialect !== 'duckdb') return undefined;
  const audit = new AuditLog(deps.store, deps.clock, deps.logger.child({ component: 'audit' }));
  const commands = storeKeyCommands(deps.store, { audit, forget: (accessId) => app.authenticator.forget(accessId) });
  try {
    const socket = await startControlSocket(deps.dataDir, { keys: commands, backup: (file) => deps.store.backup(file) }, deps.logger);
    return {
      async close() {
        await socket.close();
        await audit.flush();
      },
    };
  } catch (error) {
    deps.logger.warn('no control socket: access-keys and backup need the server stopped', {
      path: controlSocketPath(deps.dataDir),
      error: error instanceof Error ? error.message : String(error),
    });
    return undefined;
  }
}
