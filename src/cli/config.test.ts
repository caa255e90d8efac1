import { describe, expect, it } from 'vitest';
import { AppError } from '../core/errors.js';
import { loadServerConfig } from './config.js';

describe('server config', () => {
  it('has documented defaults', () => {
    expect(loadServerConfig({}, {})).toEqual({
      port: 8080,
      host: '127.0.0.1',
      allowedHosts: [],
      data: './data',
      db: undefined,
      secretKey: undefined,
      mimecastBaseUrl: undefined,
      minPollSec: 30,
      apiRateLimitPerSec: 50,
      logLevel: 'info',
      searchLimits: {},
      webhookAllowedHosts: [],
      duckdb: {},
    });
  });

  it('reads the webhook allow-list, domains included, and refuses what is not a host', () => {
    const env = { MC2C_WEBHOOK_ALLOWED_HOSTS: 'hooks.slack.com, *.example.com,127.0.0.1' };
    expect(loadServerConfig({}, env).webhookAllowedHosts).toEqual(['hooks.slack.com', '*.example.com', '127.0.0.1']);
    expect(() => loadServerConfig({}, { MC2C_WEBHOOK_ALLOWED_HOSTS: 'http://x/' })).toThrow(/MC2C_WEBHOOK_ALLOWED_HOSTS/);
  });

  it('reads the search limits and the DuckDB settings from the environment', () => {
    const config = loadServerConfig(
      {},
      {
        MC2C_SEARCH_TIMEOUT_SEC: '60',
        MC2C_SEARCH_MAX_RUNNING: '3',
        MC2C_SEARCH_MAX_KEPT: '7',
        MC2C_DUCKDB_MEMORY_LIMIT: '512MB',
        MC2C_DUCKDB_THREADS: '1',
      },
    );
    expect(config.searchLimits).toEqual({ jobTimeoutMs: 60_000, maxRunningJobsPerKey: 3, maxKeptJobsPerKey: 7 });
    expect(config.duckdb).toEqual({ memoryLimit: '512MB', threads: 1 });
  });

  it('reads flags and the environment, flags winning', () => {
    const config = loadServerConfig(
      { port: '0', host: '0.0.0.0', data: '/srv/mc2c', db: 'postgres://flag' },
      {
        MC2C_DATABASE_URL: 'postgres://env',
        MC2C_SECRET_KEY: 's3cret',
        MIMECAST_BASE_URL: 'http://127.0.0.1:9000/ignored/path',
        MC2C_MIN_POLL_SEC: '1',
        MC2C_API_RATE_LIMIT: '5',
        MC2C_LOG_LEVEL: 'warn',
      },
    );
    expect(config).toMatchObject({ port: 0, host: '0.0.0.0', data: '/srv/mc2c', db: 'postgres://flag', secretKey: 's3cret' });
    expect(config).toMatchObject({ mimecastBaseUrl: 'http://127.0.0.1:9000', minPollSec: 1, apiRateLimitPerSec: 5, logLevel: 'warn' });
    expect(loadServerConfig({}, { MC2C_DATABASE_URL: 'postgres://env' }).db).toBe('postgres://env');
  });

  it('refuses bad values with a message naming them', () => {
    const cases: [Parameters<typeof loadServerConfig>, string][] = [
      [[{ port: '70000' }, {}], '--port: must be an integer from 0 to 65535'],
      [[{ port: 'abc' }, {}], '--port: must be an integer from 0 to 65535'],
      [[{}, { MIMECAST_BASE_URL: 'ftp://x' }], 'MIMECAST_BASE_URL: must be an http or https URL'],
      [[{}, { MC2C_MIN_POLL_SEC: '31' }], 'MC2C_MIN_POLL_SEC: must be an integer from 1 to 30'],
      [[{}, { MC2C_LOG_LEVEL: 'loud' }], 'MC2C_LOG_LEVEL: must be one of debug, info, warn, error'],
      [[{ 'allowed-hosts': 'ok.example,bad/host' }, {}], '--allowed-hosts: "bad/host" is not a host name or address'],
      [[{}, { MC2C_SEARCH_TIMEOUT_SEC: '0' }], 'MC2C_SEARCH_TIMEOUT_SEC: must be an integer from 1 to 86400'],
      [[{}, { MC2C_SEARCH_MAX_RUNNING: 'many' }], 'MC2C_SEARCH_MAX_RUNNING: must be an integer from 1 to 1000'],
      [[{}, { MC2C_DUCKDB_MEMORY_LIMIT: '80%' }], 'MC2C_DUCKDB_MEMORY_LIMIT: must be a size such as 512MB or 2GB'],
      [[{}, { MC2C_DUCKDB_THREADS: '0' }], 'MC2C_DUCKDB_THREADS: must be an integer from 1 to 256'],
      [[{ 'max-store-gb': '0' }, {}], '--max-store-gb: must be a number of GB, at least 0.01'],
      [[{}, { MC2C_MAX_STORE_GB: '-3' }], 'MC2C_MAX_STORE_GB: must be a number of GB, at least 0.01'],
      [[{}, { MC2C_MAX_STORE_GB: 'lots' }], 'MC2C_MAX_STORE_GB: must be a number of GB, at least 0.01'],
      [[{ 'public-url': 'mc2c.example.com' }, {}], '--public-url: must be an http or https URL such as https://mc2c.example.com'],
      [
        [{}, { MC2C_PUBLIC_URL: 'ftp://mc2c.example.com' }],
        'MC2C_PUBLIC_URL: must be an http or https URL such as https://mc2c.example.com',
      ],
      [[{}, { MC2C_PUBLIC_URL: 'https://mc2c.example.com/?a=1' }], 'MC2C_PUBLIC_URL: must hold no query, fragment or credentials'],
      [
        [{}, { MC2C_SMTP_HOST: 'smtp.example.com' }],
        'MC2C_SMTP_FROM: is required with MC2C_SMTP_HOST and must be an e-mail address (or "Name <address>")',
      ],
      [
        [{}, { MC2C_SMTP_HOST: 'smtp.example.com', MC2C_SMTP_FROM: 'a@b.c', MC2C_SMTP_SECURITY: 'ssl' }],
        'MC2C_SMTP_SECURITY: must be one of tls, starttls, none',
      ],
      [
        [{}, { MC2C_SMTP_HOST: 'smtp.example.com', MC2C_SMTP_FROM: 'a@b.c', MC2C_SMTP_PORT: '0' }],
        'MC2C_SMTP_PORT: must be an integer from 1 to 65535',
      ],
      [
        [{}, { MC2C_SMTP_HOST: 'smtp.example.com', MC2C_SMTP_FROM: 'a@b.c', MC2C_SMTP_PASSWORD: 'pw' }],
        'MC2C_SMTP_USER: is required with MC2C_SMTP_PASSWORD',
      ],
      [
        [{}, { MC2C_SMTP_HOST: 'smtp.example.com', MC2C_SMTP_FROM: 'a@b.c', MC2C_SMTP_SECURITY: 'none', MC2C_SMTP_CA_FILE: 'ca.pem' }],
        'MC2C_SMTP_CA_FILE: needs MC2C_SMTP_SECURITY tls or starttls',
      ],
    ];
    for (const [args, message] of cases) {
      let caught: unknown;
      try {
        loadServerConfig(...args);
      } catch (error) {
        caught = error;
      }
      expect(caught).toBeInstanceOf(AppError);
      expect((caught as AppError).message).toBe(message);
    }
  });

  it('reads the store disk budget in GB, the flag winning', () => {
    expect(loadServerConfig({ 'max-store-gb': '1.5' }, { MC2C_MAX_STORE_GB: '9' }).maxStoreBytes).toBe(1.5 * 1024 ** 3);
    expect(loadServerConfig({}, { MC2C_MAX_STORE_GB: '2' }).maxStoreBytes).toBe(2 * 1024 ** 3);
    expect(loadServerConfig({}, {}).maxStoreBytes).toBeUndefined();
  });

  it('reads allowed hosts from the flag or the environment', () => {
    expect(loadServerConfig({ 'allowed-hosts': 'a.example, b.example' }, {}).allowedHosts).toEqual(['a.example', 'b.example']);
    expect(loadServerConfig({}, { MC2C_ALLOWED_HOSTS: 'c.example' }).allowedHosts).toEqual(['c.example']);
  });

  it('reads the public URL from the flag or the environment, without its trailing slash', () => {
    expect(loadServerConfig({ 'public-url': 'https://mc2c.example.com/' }, {}).publicUrl).toBe('https://mc2c.example.com');
    expect(loadServerConfig({}, { MC2C_PUBLIC_URL: 'http://10.0.0.5:8080/mc2c/' }).publicUrl).toBe('http://10.0.0.5:8080/mc2c');
    expect(loadServerConfig({}, {}).publicUrl).toBeUndefined();
  });

  it('reads the SMTP server: STARTTLS on 587 unless told, 465 for tls, a login only with a user', () => {
    expect(loadServerConfig({}, {}).smtp).toBeUndefined();
    expect(loadServerConfig({}, { MC2C_SMTP_HOST: 'smtp.example.com', MC2C_SMTP_FROM: 'mc2c <alerts@example.com>' }).smtp).toEqual({
      host: 'smtp.example.com',
      port: 587,
      security: 'starttls',
      from: 'mc2c <alerts@example.com>',
    });
    const env = {
      MC2C_SMTP_HOST: 'smtp.example.com',
      MC2C_SMTP_FROM: 'a@b.c',
      MC2C_SMTP_SECURITY: 'tls',
      MC2C_SMTP_USER: 'u',
      MC2C_SMTP_PASSWORD: 'p',
    };
    expect(loadServerConfig({}, env).smtp).toEqual({
      host: 'smtp.example.com',
      port: 465,
      security: 'tls',
      from: 'a@b.c',
      user: 'u',
      password: 'p',
    });
    expect(loadServerConfig({}, { ...env, MC2C_SMTP_CA_FILE: '/etc/mc2c/smtp-ca.pem' }).smtp?.caFile).toBe('/etc/mc2c/smtp-ca.pem');
  });
});
