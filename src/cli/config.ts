import type { ApiOptions } from '../api/server.js';
import { AppError } from '../core/errors.js';
import { SMTP_SECURITY, type SmtpSecurity, type SmtpSettings } from '../model/connection.js';
import { MIN_POLL_SEC } from '../model/source-config.js';
import type { ServicesConfig } from '../services/index.js';
import { GB } from '../services/store-budget.js';
import type { TlsFiles } from './tls.js';

/**
 * The one place that reads the environment. Everything else gets a typed config handed in.
 *
 * Environment:
 * - MC2C_SECRET_KEY: encrypts secrets at rest (else a key file is created in the data directory).
 * - MC2C_DATABASE_URL: postgres://… to share one database between processes (same as --db).
 * - MIMECAST_BASE_URL: points every source at another Mimecast API host (the simulator, tests).
 * - MC2C_API_RATE_LIMIT: API requests per second per access key (default 50).
 * - MC2C_LOG_LEVEL: debug, info (default), warn, error.
 * - MC2C_ALLOWED_HOSTS: comma-separated host names the API answers to besides loopback (same as --allowed-hosts).
 * - MC2C_SEARCH_TIMEOUT_SEC, MC2C_SEARCH_MAX_RUNNING, MC2C_SEARCH_MAX_KEPT: a search job's deadline and the
 *   jobs one access key may have running and kept (defaults in DEFAULT_SEARCH_LIMITS).
 * - MC2C_DUCKDB_MEMORY_LIMIT, MC2C_DUCKDB_THREADS: DuckDB's memory_limit and threads (default 128MB and 2).
 * - MC2C_TLS_CERT, MC2C_TLS_KEY: the PEM certificate (chain) and private key to serve HTTPS with (same as
 *   --tls-cert and --tls-key; both or neither).
 * - MC2C_WEBHOOK_ALLOWED_HOSTS: comma-separated hosts (`*.example.com` for a domain) monitor webhooks may reach;
 *   unset, any public host; loopback and link-local addresses only when named here.
 * - MC2C_RETENTION_DAYS: how many days the default partition sumologic_default keeps messages (default 30).
 * - MC2C_MAX_STORE_GB: the store's disk budget in GB (same as --max-store-gb): over it, the oldest days go first.
 * - MC2C_PUBLIC_URL: the http(s) address users reach the web UI at (same as --public-url); the URL variables of
 *   monitor notifications ({{QueryURL}}, {{SourceURL}}, {{AlertResponseUrl}}) start with it.
 * - MC2C_SMTP_HOST, MC2C_SMTP_PORT, MC2C_SMTP_SECURITY (tls, starttls, none), MC2C_SMTP_USER, MC2C_SMTP_PASSWORD,
 *   MC2C_SMTP_FROM, MC2C_SMTP_CA_FILE: the SMTP server e-mail notifications go through (docs/monitors.md#e-mail).
 * - MC2C_MIN_POLL_SEC: TEST ONLY — lowers the 30 s minimum of pollingIntervalSec so tests need not wait.
 */
export interface ServerConfig extends ApiOptions, ServicesConfig {
  port: number;
  host: string;
  /** The data directory (DuckDB file, secret key file). */
  data: string;
  /** A PostgreSQL URL; when set, everything is stored there instead of the data directory. */
  db: string | undefined;
  secretKey: string | undefined;
  mimecastBaseUrl: string | undefined;
  logLevel: 'debug' | 'info' | 'warn' | 'error';
  /** The embedded store's DuckDB settings; unset ones take the store's defaults. */
  duckdb: { memoryLimit?: string; threads?: number };
  /** Serve HTTPS with these files; read and checked when the server starts (cli/tls.ts). */
  tls?: TlsFiles;
}

export interface ServerFlags {
  port?: string;
  host?: string;
  data?: string;
  db?: string;
  'allowed-hosts'?: string;
  'tls-cert'?: string;
  'tls-key'?: string;
  'max-store-gb'?: string;
  'public-url'?: string;
}

export const DEFAULT_PORT = 8080;
export const DEFAULT_HOST = '127.0.0.1';
export const DEFAULT_DATA = './data';

function integer(name: string, text: string, min: number, max: number): number {
  const n = Number(text);
  if (!/^\d+$/.test(text.trim()) || !Number.isInteger(n) || n < min || n > max) {
    throw new AppError('usage', `${name}: must be an integer from ${min} to ${max}`);
  }
  return n;
}

function hostList(text: string | undefined): string[] {
  if (text === undefined) return [];
  const names = text
    .split(',')
    .map((name) => name.trim())
    .filter((name) => name !== '');
  for (const name of names) {
    if (!/^(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.-]+|[0-9a-fA-F:]+)$/.test(name)) {
      throw new AppError('usage', `--allowed-hosts: "${name}" is not a host name or address`);
    }
  }
  return names;
}

function webhookHosts(text: string | undefined): string[] {
  const names = (text ?? '')
    .split(',')
    .map((name) => name.trim())
    .filter((name) => name !== '');
  for (const name of names) {
    if (!/^(\*\.)?(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.-]+|[0-9a-fA-F:]+)$/.test(name)) {
      throw new AppError('usage', `MC2C_WEBHOOK_ALLOWED_HOSTS: "${name}" is not a host name, *.domain or address`);
    }
  }
  return names;
}

function searchLimits(env: NodeJS.ProcessEnv): ServerConfig['searchLimits'] {
  const limits: ServerConfig['searchLimits'] = {};
  if (env.MC2C_SEARCH_TIMEOUT_SEC) limits.jobTimeoutMs = integer('MC2C_SEARCH_TIMEOUT_SEC', env.MC2C_SEARCH_TIMEOUT_SEC, 1, 86_400) * 1000;
  if (env.MC2C_SEARCH_MAX_RUNNING) limits.maxRunningJobsPerKey = integer('MC2C_SEARCH_MAX_RUNNING', env.MC2C_SEARCH_MAX_RUNNING, 1, 1000);
  if (env.MC2C_SEARCH_MAX_KEPT) limits.maxKeptJobsPerKey = integer('MC2C_SEARCH_MAX_KEPT', env.MC2C_SEARCH_MAX_KEPT, 1, 10_000);
  return limits;
}

function duckdbSettings(env: NodeJS.ProcessEnv): ServerConfig['duckdb'] {
  const memory = env.MC2C_DUCKDB_MEMORY_LIMIT?.trim();
  if (memory && !/^\d+(\.\d+)?\s*(KB|MB|GB|TB|KiB|MiB|GiB|TiB)$/i.test(memory)) {
    throw new AppError('usage', 'MC2C_DUCKDB_MEMORY_LIMIT: must be a size such as 512MB or 2GB');
  }
  return {
    memoryLimit: memory || undefined,
    threads: env.MC2C_DUCKDB_THREADS ? integer('MC2C_DUCKDB_THREADS', env.MC2C_DUCKDB_THREADS, 1, 256) : undefined,
  };
}

/** The smallest budget: below it a store holds little more than its own schema. */
export const MIN_STORE_GB = 0.01;

function maxStoreBytes(text: string | undefined, fromEnvironment: boolean): number | undefined {
  if (text === undefined) return undefined;
  const name = fromEnvironment ? 'MC2C_MAX_STORE_GB' : '--max-store-gb';
  const gb = Number(text.trim());
  if (text.trim() === '' || !Number.isFinite(gb) || gb < MIN_STORE_GB) {
    throw new AppError('usage', `${name}: must be a number of GB, at least ${MIN_STORE_GB}`, { field: 'max-store-gb' });
  }
  return Math.floor(gb * GB);
}

/** A flag wins over its variable; the name kept is the one the value came from, for the errors about the file. */
function tlsFiles(flags: ServerFlags, env: NodeJS.ProcessEnv): TlsFiles | undefined {
  const named = (flag: 'tls-cert' | 'tls-key', variable: string) => {
    const value = flags[flag] ?? (env[variable] || undefined);
    if (value === undefined) return undefined;
    const from = flags[flag] === undefined ? variable : `--${flag}`;
    if (value.trim() === '') throw new AppError('usage', `${from}: must name a file`, { field: from });
    return { path: value, from };
  };
  const cert = named('tls-cert', 'MC2C_TLS_CERT');
  const key = named('tls-key', 'MC2C_TLS_KEY');
  if (cert && key) return { cert, key };
  if (cert) throw new AppError('usage', `--tls-key: is required with ${cert.from} (the certificate's private key)`, { field: '--tls-key' });
  if (key) throw new AppError('usage', `--tls-cert: is required with ${key.from} (the certificate for the key)`, { field: '--tls-cert' });
  return undefined;
}

function baseUrl(text: string | undefined): string | undefined {
  if (text === undefined || text === '') return undefined;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new AppError('usage', 'MIMECAST_BASE_URL: must be an http or https URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new AppError('usage', 'MIMECAST_BASE_URL: must be an http or https URL');
  return url.origin;
}

/** The address of the web UI as users reach it: an http(s) origin with an optional path, kept without its trailing slash. */
function publicUrl(flags: ServerFlags, env: NodeJS.ProcessEnv): string | undefined {
  const text = flags['public-url'] ?? (env.MC2C_PUBLIC_URL || undefined);
  if (text === undefined) return undefined;
  const from = flags['public-url'] === undefined ? 'MC2C_PUBLIC_URL' : '--public-url';
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new AppError('usage', `${from}: must be an http or https URL such as https://mc2c.example.com`, { field: from });
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new AppError('usage', `${from}: must be an http or https URL such as https://mc2c.example.com`, { field: from });
  }
  if (url.search !== '' || url.hash !== '' || url.username !== '' || url.password !== '') {
    throw new AppError('usage', `${from}: must hold no query, fragment or credentials`, { field: from });
  }
  return `${url.origin}${url.pathname}`.replace(/\/+$/, '');
}

/** The SMTP server, when MC2C_SMTP_HOST is set; its port defaults to 465 for tls and 587 otherwise. */
function smtpSettings(env: NodeJS.ProcessEnv): SmtpSettings | undefined {
  const host = env.MC2C_SMTP_HOST?.trim();
  if (!host) return undefined;
  const security = (env.MC2C_SMTP_SECURITY?.trim() || 'starttls') as SmtpSecurity;
  if (!SMTP_SECURITY.includes(security)) throw new AppError('usage', `MC2C_SMTP_SECURITY: must be one of ${SMTP_SECURITY.join(', ')}`);
  const from = env.MC2C_SMTP_FROM?.trim();
  if (!from || !/^[^\s@<>]+@[^\s@<>]+$/.test(from.replace(/^.*<([^>]*)>\s*$/, '$1'))) {
    throw new AppError('usage', 'MC2C_SMTP_FROM: is required with MC2C_SMTP_HOST and must be an e-mail address (or "Name <address>")');
  }
  const user = env.MC2C_SMTP_USER || undefined;
  if (user === undefined && env.MC2C_SMTP_PASSWORD) throw new AppError('usage', 'MC2C_SMTP_USER: is required with MC2C_SMTP_PASSWORD');
  const caFile = env.MC2C_SMTP_CA_FILE || undefined;
  if (caFile !== undefined && security === 'none')
    throw new AppError('usage', 'MC2C_SMTP_CA_FILE: needs MC2C_SMTP_SECURITY tls or starttls');
  return {
    host,
    port: env.MC2C_SMTP_PORT ? integer('MC2C_SMTP_PORT', env.MC2C_SMTP_PORT, 1, 65_535) : security === 'tls' ? 465 : 587,
    security,
    from,
    ...(user === undefined ? {} : { user, password: env.MC2C_SMTP_PASSWORD ?? '' }),
    ...(caFile === undefined ? {} : { caFile }),
  };
}

export function loadServerConfig(flags: ServerFlags, env: NodeJS.ProcessEnv): ServerConfig {
  const level = env.MC2C_LOG_LEVEL ?? 'info';
  if (level !== 'debug' && level !== 'info' && level !== 'warn' && level !== 'error') {
    throw new AppError('usage', 'MC2C_LOG_LEVEL: must be one of debug, info, warn, error');
  }
  return {
    port: flags.port === undefined ? DEFAULT_PORT : integer('--port', flags.port, 0, 65_535),
    host: flags.host ?? DEFAULT_HOST,
    allowedHosts: hostList(flags['allowed-hosts'] ?? env.MC2C_ALLOWED_HOSTS),
    data: flags.data ?? DEFAULT_DATA,
    db: flags.db ?? (env.MC2C_DATABASE_URL || undefined),
    secretKey: env.MC2C_SECRET_KEY || undefined,
    mimecastBaseUrl: baseUrl(env.MIMECAST_BASE_URL),
    minPollSec: env.MC2C_MIN_POLL_SEC ? integer('MC2C_MIN_POLL_SEC', env.MC2C_MIN_POLL_SEC, 1, MIN_POLL_SEC) : MIN_POLL_SEC,
    apiRateLimitPerSec: env.MC2C_API_RATE_LIMIT ? integer('MC2C_API_RATE_LIMIT', env.MC2C_API_RATE_LIMIT, 1, 1_000_000) : 50,
    logLevel: level,
    searchLimits: searchLimits(env),
    webhookAllowedHosts: webhookHosts(env.MC2C_WEBHOOK_ALLOWED_HOSTS),
    retentionDays: env.MC2C_RETENTION_DAYS ? integer('MC2C_RETENTION_DAYS', env.MC2C_RETENTION_DAYS, 1, 36_500) : undefined,
    duckdb: duckdbSettings(env),
    tls: tlsFiles(flags, env),
    maxStoreBytes: maxStoreBytes(flags['max-store-gb'] ?? (env.MC2C_MAX_STORE_GB || undefined), flags['max-store-gb'] === undefined),
    publicUrl: publicUrl(flags, env),
    smtp: smtpSettings(env),
  };
}

/** The store options of a command that only needs the store (access-keys, demo setup). */
export function loadStoreConfig(
  flags: { data?: string; db?: string },
  env: NodeJS.ProcessEnv,
): Pick<ServerConfig, 'data' | 'db' | 'secretKey' | 'logLevel' | 'duckdb' | 'retentionDays'> {
  const { data, db, secretKey, logLevel, duckdb, retentionDays } = loadServerConfig({ data: flags.data, db: flags.db }, env);
  return { data, db, secretKey, logLevel, duckdb, retentionDays };
}
