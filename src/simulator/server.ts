import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { DataType } from '../model/message.js';
import { handleAdmin } from './admin.js';
import { apiFail, gatewayFail, JSON_TYPE, json, type Reply, readBody, siemError } from './http.js';
import { type FaultConfig, resolveOptions, type SimulatorOptions, type SimulatorStats } from './options.js';
import { pushEvents } from './push.js';
import { handleAudit, handleDlp, handleHold } from './routes-api.js';
import { handleLog, LOG_ROUTES } from './routes-logs.js';
import { CG_BATCH, CI_BATCH, handleBatchFile, handleBatchList, handleStream } from './routes-siem.js';
import { handleThreatFeed } from './routes-threat.js';
import { emptyStats, type RequestInfo, Sim } from './state.js';

export interface RunningSimulator {
  /** `http://host:port`, the base URL to give a Mimecast client. */
  url: string;
  port: number;
  /** Merges faults into the live configuration and returns the effective one. */
  setFaults(f: Partial<FaultConfig>): FaultConfig;
  stats(): SimulatorStats;
  close(): Promise<void>;
  /** The live fault configuration. */
  faults(): FaultConfig;
  /** Zeroes the statistics. */
  resetStats(): void;
}

type Family = 'siem' | 'api';
interface DataRoute {
  method: 'GET' | 'POST';
  name: string;
  dataType: DataType;
  family: Family;
  handle: (sim: Sim, req: RequestInfo) => Reply;
}

const DATA_ROUTES: Record<string, DataRoute> = {
  '/siem/v1/events/cg': { method: 'GET', name: 'siemStream', dataType: 'siem', family: 'siem', handle: handleStream },
  '/siem/v1/batch/events/cg': { method: 'GET', name: 'siemBatch', dataType: 'siem', family: 'siem', handle: handleBatchList(CG_BATCH) },
  '/siem/v1/batch/events/ci': {
    method: 'GET',
    name: 'ciBatch',
    dataType: 'cloudIntegrated',
    family: 'siem',
    handle: handleBatchList(CI_BATCH),
  },
  '/api/dlp/get-logs': { method: 'POST', name: 'dlp', dataType: 'dlp', family: 'api', handle: handleDlp },
  '/api/audit/get-audit-events': { method: 'POST', name: 'audit', dataType: 'auditEvent', family: 'api', handle: handleAudit },
  '/api/gateway/get-hold-message-list': { method: 'POST', name: 'hold', dataType: 'holdMessageList', family: 'api', handle: handleHold },
  '/api/ttp/threat-intel/get-feed': {
    method: 'POST',
    name: 'threatFeed',
    dataType: 'threatIntelFeed',
    family: 'api',
    handle: handleThreatFeed,
  },
  ...Object.fromEntries(
    Object.entries(LOG_ROUTES).map(([path, r]) => [
      path,
      { method: 'POST', name: r.kind, dataType: r.dataType, family: 'api', handle: handleLog(r) } satisfies DataRoute,
    ]),
  ),
};

export async function startSimulator(options: SimulatorOptions = {}): Promise<RunningSimulator> {
  const resolved = resolveOptions(options);
  const sim = new Sim(resolved, options.faults);
  const server = createServer((req, res) => {
    handle(sim, req, res).catch(() => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': JSON_TYPE });
      res.end();
    });
  });
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(resolved.port, resolved.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const host = resolved.host.includes(':') ? `[${resolved.host}]` : resolved.host;
  return {
    url: `http://${host}:${port}`,
    port,
    setFaults: (f) => sim.faults.merge(f),
    faults: () => sim.faults.current,
    stats: () => structuredClone(sim.stats),
    resetStats: () => {
      sim.stats = emptyStats();
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

async function handle(sim: Sim, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://simulator');
  const path = url.pathname.replace(/\/+$/, '') || '/';
  const method = req.method ?? 'GET';
  const body = (await readBody(req)) ?? '';
  const info: RequestInfo = { method, url, base: `http://${req.headers.host ?? 'localhost'}`, headers: req.headers, body };

  if (path.startsWith('/__admin/')) {
    sim.count('requests', 'admin');
    if (method === 'POST' && path === '/__admin/push') return send(sim, res, await pushEvents(sim, info), null);
    return send(sim, res, handleAdmin(sim, path, info), null);
  }

  const delay = sim.faults.current.delayMs;
  const delayed = async () => {
    if (delay > 0) {
      sim.count('faults', 'delayMs');
      await sleep(delay);
    }
  };

  if (path.startsWith('/__files/')) {
    sim.count('requests', 'batchFile');
    await delayed();
    if (method !== 'GET' && method !== 'HEAD') {
      return send(
        sim,
        res,
        { ...gatewayFail(405, 'MethodNotAllowed', `Method ${method} is not allowed`), headers: { allow: 'GET' } },
        null,
      );
    }
    const reply = handleBatchFile(sim, info, path);
    return send(sim, res, maybeTruncate(sim, reply), null);
  }

  if (path === '/oauth/token') {
    sim.count('requests', 'token');
    sim.stats.tokenRequests++;
    await delayed();
    if (method !== 'POST') return send(sim, res, methodNotAllowed(method, path, 'POST'), sim.faults.peekBudget(sim.now()));
    return send(sim, res, handleToken(sim, info), sim.faults.peekBudget(sim.now()));
  }

  const route = DATA_ROUTES[path];
  if (!route) {
    sim.count('requests', 'other');
    return send(sim, res, gatewayFail(404, 'ResourceNotFound', `No resource found at ${path}`), sim.faults.peekBudget(sim.now()));
  }
  sim.count('requests', route.name);
  await delayed();
  if (method !== route.method) {
    return send(sim, res, methodNotAllowed(method, path, route.method), sim.faults.peekBudget(sim.now()));
  }
  const now = sim.now();
  const authError = checkBearer(sim, info, now);
  if (authError) return send(sim, res, authError, sim.faults.peekBudget(now));
  const faults = sim.faults.current;
  if (faults.forbidden.includes(route.dataType)) {
    sim.count('faults', 'forbidden');
    return send(sim, res, gatewayFail(403, 'app_forbidden', 'Forbidden to perform the requested operation'), sim.faults.peekBudget(now));
  }
  const budget = sim.faults.takeBudget(now);
  if (!budget.allowed) {
    sim.stats.rateLimited++;
    const reply = gatewayFail(429, 'TooManyRequests', 'Rate limit exceeded: retry after X-RateLimit-Reset milliseconds');
    reply.headers = { 'retry-after': String(Math.ceil(budget.resetMs / 1000)) };
    return send(sim, res, reply, budget);
  }
  if (sim.faults.fires('errorRate')) {
    sim.count('faults', 'errorRate');
    const status = faults.errorStatus;
    const reply =
      route.family === 'siem'
        ? siemError(status, 'InternalServerError', 'An internal error occurred, please retry')
        : apiFail(status, firstDataItem(info.body), 'err_internal_server_error', 'An internal error occurred, please retry', true);
    return send(sim, res, reply, budget);
  }
  if (sim.faults.fires('failRate')) {
    sim.count('faults', 'failRate');
    const reply =
      route.family === 'siem'
        ? json(200, { fail: [{ code: 'ServiceUnavailable', message: 'The service is temporarily unavailable, please retry' }] })
        : apiFail(200, firstDataItem(info.body), 'err_service_unavailable', 'The service is temporarily unavailable, please retry', true);
    return send(sim, res, reply, budget);
  }
  return send(sim, res, maybeTruncate(sim, route.handle(sim, info)), budget);
}

function methodNotAllowed(method: string, path: string, allowed: string): Reply {
  return {
    ...gatewayFail(405, 'MethodNotAllowed', `Method ${method} is not allowed on ${path}; use ${allowed}`),
    headers: { allow: allowed },
  };
}

function firstDataItem(body: string): unknown {
  try {
    const parsed = JSON.parse(body) as { data?: unknown[] };
    return Array.isArray(parsed.data) ? (parsed.data[0] ?? {}) : {};
  } catch {
    return {};
  }
}

/** Cuts a successful body in half, keeping status and headers (Content-Length matches the cut body). */
function maybeTruncate(sim: Sim, reply: Reply): Reply {
  if (reply.status !== 200 || !sim.faults.fires('truncateRate')) return reply;
  sim.count('faults', 'truncateRate');
  const half = Math.max(1, Math.floor(reply.body.length / 2));
  const body = typeof reply.body === 'string' ? reply.body.slice(0, half) : reply.body.subarray(0, half);
  // What was cut off was never delivered, so it does not count as served.
  return { status: reply.status, body, contentType: reply.contentType, headers: reply.headers };
}

function send(sim: Sim, res: ServerResponse, reply: Reply, rate: { limit: number; remaining: number; resetMs: number } | null): void {
  sim.count('statuses', String(reply.status));
  if (reply.served) sim.count('eventsServed', reply.served.dataType, reply.served.count);
  const body = typeof reply.body === 'string' ? Buffer.from(reply.body) : reply.body;
  const headers: Record<string, string | number> = {
    'content-type': reply.contentType ?? JSON_TYPE,
    'content-length': body.length,
    ...reply.headers,
  };
  if (rate) {
    headers['x-ratelimit-limit'] = rate.limit;
    headers['x-ratelimit-remaining'] = rate.remaining;
    headers['x-ratelimit-reset'] = rate.resetMs;
  }
  res.writeHead(reply.status, headers);
  res.end(body);
}

function handleToken(sim: Sim, req: RequestInfo): Reply {
  const type = String(req.headers['content-type'] ?? '')
    .split(';')[0]
    ?.trim()
    .toLowerCase();
  if (type !== 'application/x-www-form-urlencoded') {
    return gatewayFail(400, 'invalid_request', 'Content-Type must be application/x-www-form-urlencoded');
  }
  const form = new URLSearchParams(req.body);
  let clientId = form.get('client_id');
  let clientSecret = form.get('client_secret');
  const basic = /^Basic\s+(.+)$/i.exec(String(req.headers.authorization ?? ''));
  if (basic?.[1] && clientId === null) {
    const decoded = Buffer.from(basic[1], 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    try {
      clientId = decodeURIComponent(decoded.slice(0, Math.max(0, colon)));
      clientSecret = decodeURIComponent(decoded.slice(colon + 1));
    } catch {
      // Undecodable credentials are simply wrong credentials.
      clientId = null;
    }
  }
  const grant = form.get('grant_type');
  if (grant !== 'client_credentials') {
    return gatewayFail(400, 'unsupported_grant_type', `Unsupported grant type: ${grant ?? '(missing)'}`);
  }
  const faults = sim.faults.current;
  if (faults.wrongCredentials) sim.count('faults', 'wrongCredentials');
  if (faults.wrongCredentials || clientId !== sim.options.clientId || clientSecret !== sim.options.clientSecret) {
    return gatewayFail(401, 'InvalidClientIdentifier', 'Client credentials are invalid');
  }
  const now = sim.now();
  for (const [token, expiry] of sim.tokens) if (expiry <= now) sim.tokens.delete(token);
  const token = randomBytes(21).toString('base64url');
  sim.tokens.set(token, now + faults.tokenLifetimeSec * 1000);
  return json(200, { access_token: token, token_type: 'Bearer', expires_in: faults.tokenLifetimeSec, scope: '' });
}

function checkBearer(sim: Sim, req: RequestInfo, now: number): Reply | null {
  const header = String(req.headers.authorization ?? '');
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  if (!match?.[1]) return gatewayFail(401, 'unauthorized', 'Authentication is required: send Authorization: Bearer <access_token>');
  const expiry = sim.tokens.get(match[1]);
  if (expiry === undefined) return gatewayFail(401, 'unauthorized', 'The access token is invalid');
  if (expiry <= now) return gatewayFail(401, 'unauthorized', 'The access token has expired');
  return null;
}
