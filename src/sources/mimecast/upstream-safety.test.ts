import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { classifyFailure } from '../../collector/classify.js';
import { AppError } from '../../core/errors.js';
import { BATCH_FILE_MAX_BYTES, BATCH_FILE_MAX_COMPRESSED_BYTES, PAGE_MAX_BYTES } from './body.js';
import { JumpClock, makeClient, T0 } from './test-helpers.js';

/**
 * Hostile upstreams: real HTTP servers on 127.0.0.1 that answer the way a compromised or spoofed API or
 * storage host could. The client is pointed at them with a base URL, as MIMECAST_BASE_URL does.
 */

interface Hit {
  method: string;
  path: string;
  body: string;
}

interface Upstream {
  url: string;
  hits: Hit[];
  close(): Promise<void>;
}

type Handler = (req: IncomingMessage, res: ServerResponse, hit: Hit, self: string) => void;

const servers: Upstream[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function serve(handler: Handler): Promise<Upstream> {
  const hits: Hit[] = [];
  let self = '';
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const hit = { method: req.method ?? '', path: new URL(req.url ?? '/', self).pathname, body: Buffer.concat(chunks).toString('utf8') };
      hits.push(hit);
      handler(req, res, hit, self);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  self = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const upstream: Upstream = {
    url: self,
    hits,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  servers.push(upstream);
  return upstream;
}

function sendJson(res: ServerResponse, body: unknown): void {
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

/** A well-behaved token endpoint; every other path goes to `rest`. */
function withToken(rest: Handler): Handler {
  return (req, res, hit, self) => {
    if (hit.path === '/oauth/token') return sendJson(res, { access_token: 'token-1', token_type: 'Bearer', expires_in: 1799 });
    rest(req, res, hit, self);
  };
}

/** A SIEM batch listing with one file at `fileUrl`. */
function listing(res: ServerResponse, fileUrl: string): void {
  sendJson(res, {
    value: [{ url: fileUrl, size: 1000, expiry: new Date(T0 + 900_000).toISOString() }],
    '@nextPage': 'p2',
    isCaughtUp: true,
  });
}

const MIB = 1024 * 1024;
/** One gzip member of 1 MiB of zeros (about 1 KB); members concatenated inflate to their concatenation. */
const ZEROS_MEMBER = gzipSync(Buffer.alloc(MIB), { level: 9 });

/** One gzip member of 1 MiB that does not compress: about 1 MiB on the wire. */
const NOISE_MEMBER = gzipSync(randomBytes(MIB), { level: 1 });

/** Streams `mib` gzip members as the client reads them: 1 GiB inflated from about 1 MB on the wire. */
function sendBomb(res: ServerResponse, headers: Record<string, string>, mib = 1024, member = ZEROS_MEMBER): void {
  res.writeHead(200, headers);
  let sent = 0;
  const more = () => {
    while (sent < mib) {
      sent++;
      if (!res.write(member)) return void res.once('drain', more);
    }
    res.end();
  };
  res.on('close', () => {
    sent = mib;
  });
  more();
}

async function caught(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected the call to fail');
}

function expectFinal(error: AppError, code: string): void {
  expect(error.code).toBe(code);
  expect(error.retryable).toBe(false);
  // The collector must not retry it either: that would fetch (and inflate) the same answer again.
  expect(classifyFailure(error).retryable).toBe(false);
}

describe('redirects are never followed', () => {
  it('a 307 from /oauth/token never re-sends the client secret to the other host', async () => {
    const elsewhere = await serve((_req, res) => sendJson(res, { access_token: 'stolen', token_type: 'Bearer', expires_in: 1799 }));
    const api = await serve((_req, res) => {
      res.writeHead(307, { location: `${elsewhere.url}/oauth/token` });
      res.end();
    });
    const error = await caught(makeClient(api.url, new JumpClock(T0)).authenticate());
    expectFinal(error, 'mimecast.redirect');
    expect(error.status).toBe(307);
    expect(error.details?.locationHost).toBe(new URL(elsewhere.url).host);
    expect(api.hits.map((h) => h.path)).toEqual(['/oauth/token']);
    expect(api.hits[0]?.body).toContain('client_secret=demo-client-secret');
    expect(elsewhere.hits).toEqual([]);
  });

  it('a redirect from a data route or a batch file is an error, and the target gets nothing', async () => {
    const elsewhere = await serve((_req, res) => sendJson(res, { value: [], isCaughtUp: true }));
    for (const status of [301, 302, 303, 308]) {
      const api = await serve(
        withToken((_req, res) => {
          res.writeHead(status, { location: `${elsewhere.url}/siem/v1/events/cg` });
          res.end();
        }),
      );
      const error = await caught(makeClient(api.url, new JumpClock(T0), { startTime: '-2h' }).pager('siem').next(undefined));
      expectFinal(error, 'mimecast.redirect');
      expect(api.hits.map((h) => h.path)).toEqual(['/oauth/token', '/siem/v1/events/cg']);
    }
    const storage = await serve(
      withToken((_req, res, hit, self) => {
        if (hit.path === '/siem/v1/batch/events/cg') return listing(res, `${self}/file.json.gz`);
        res.writeHead(302, { location: `${elsewhere.url}/latest/meta-data` });
        res.end();
      }),
    );
    const error = await caught(makeClient(storage.url, new JumpClock(T0), { startTime: '-3d' }).pager('siem').next(undefined));
    expectFinal(error, 'mimecast.redirect');
    expect(storage.hits.filter((h) => h.path === '/file.json.gz')).toHaveLength(1);
    expect(elsewhere.hits).toEqual([]);
  });
});

describe('batch-file URLs from a listing', () => {
  it('a URL to another host is refused before any request is made to it', async () => {
    const internal = await serve((_req, res) => sendJson(res, { secret: 'internal' }));
    for (const target of [`${internal.url}/admin`, 'http://169.254.169.254/latest/meta-data/', 'file:///etc/passwd']) {
      const api = await serve(
        withToken((_req, res, hit) => {
          if (hit.path === '/siem/v1/batch/events/cg') return listing(res, target);
          res.writeHead(404);
          res.end();
        }),
      );
      const error = await caught(makeClient(api.url, new JumpClock(T0), { startTime: '-3d' }).pager('siem').next(undefined));
      expectFinal(error, 'mimecast.unsafeUrl');
      expect(error.message).toContain(`only ${api.url} is allowed`);
      expect(api.hits.map((h) => h.path)).toEqual(['/oauth/token', '/siem/v1/batch/events/cg']);
    }
    expect(internal.hits).toEqual([]);
  });
});

describe('answer size limits', () => {
  it('files under the limits are read whether or not storage labels them Content-Encoding: gzip', async () => {
    const lines = [1, 2, 3].map((i) => JSON.stringify({ timestamp: T0 - 48 * 3_600_000 + i, type: 'receipt', processingId: `p${i}` }));
    const file = gzipSync(`${lines.join('\n')}\n`);
    for (const headers of [
      { 'content-type': 'application/gzip' },
      { 'content-type': 'application/x-ndjson', 'content-encoding': 'gzip' },
    ]) {
      const api = await serve(
        withToken((req, res, hit, self) => {
          const type = new URL(req.url ?? '/', self).searchParams.get('type');
          if (hit.path === '/siem/v1/batch/events/cg')
            return type === 'receipt' ? listing(res, `${self}/ok.json.gz`) : sendJson(res, { value: [], isCaughtUp: true });
          res.writeHead(200, headers);
          res.end(file);
        }),
      );
      const page = await makeClient(api.url, new JumpClock(T0), { startTime: '-3d' }).pager('siem').next(undefined);
      expect(page.events.map((e) => e.raw)).toEqual(lines);
    }
  });

  it('a gzip bomb batch file (1 GiB of zeros) fails with mimecast.tooLarge, downloaded once', async () => {
    const api = await serve(
      withToken((_req, res, hit, self) => {
        if (hit.path === '/siem/v1/batch/events/cg') return listing(res, `${self}/bomb.json.gz`);
        sendBomb(res, { 'content-type': 'application/gzip' });
      }),
    );
    const error = await caught(makeClient(api.url, new JumpClock(T0), { startTime: '-3d' }).pager('siem').next(undefined));
    expectFinal(error, 'mimecast.tooLarge');
    expect(error.details?.limitBytes).toBe(BATCH_FILE_MAX_BYTES);
    expect(api.hits.filter((h) => h.path === '/bomb.json.gz')).toHaveLength(1);
  });

  it('a batch file over the transfer limit fails with mimecast.tooLarge while it streams in', async () => {
    const api = await serve(
      withToken((_req, res, hit, self) => {
        if (hit.path === '/siem/v1/batch/events/cg') return listing(res, `${self}/big.json.gz`);
        sendBomb(res, { 'content-type': 'application/gzip' }, 80, NOISE_MEMBER);
      }),
    );
    const error = await caught(makeClient(api.url, new JumpClock(T0), { startTime: '-3d' }).pager('siem').next(undefined));
    expectFinal(error, 'mimecast.tooLarge');
    expect(error.details?.limitBytes).toBe(BATCH_FILE_MAX_COMPRESSED_BYTES);
  });

  it('a batch file labelled Content-Encoding: gzip is held to the same inflated limit', async () => {
    const api = await serve(
      withToken((_req, res, hit, self) => {
        if (hit.path === '/siem/v1/batch/events/cg') return listing(res, `${self}/bomb.json.gz`);
        sendBomb(res, { 'content-type': 'application/x-ndjson', 'content-encoding': 'gzip' });
      }),
    );
    const error = await caught(makeClient(api.url, new JumpClock(T0), { startTime: '-3d' }).pager('siem').next(undefined));
    expectFinal(error, 'mimecast.tooLarge');
    expect(error.details?.limitBytes).toBe(BATCH_FILE_MAX_BYTES);
  });

  it('an API page that inflates past the page limit fails with mimecast.tooLarge, sent once', async () => {
    const api = await serve(withToken((_req, res) => sendBomb(res, { 'content-type': 'application/json', 'content-encoding': 'gzip' })));
    const error = await caught(makeClient(api.url, new JumpClock(T0), { startTime: '-2h' }).pager('siem').next(undefined));
    expectFinal(error, 'mimecast.tooLarge');
    expect(error.details?.limitBytes).toBe(PAGE_MAX_BYTES);
    expect(api.hits.map((h) => h.path)).toEqual(['/oauth/token', '/siem/v1/events/cg']);
  });

  it('a declared Content-Length above the limit fails before the body is read', async () => {
    const api = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(1024 * MIB) });
      res.write('{"access_token":"');
    });
    const error = await caught(makeClient(api.url, new JumpClock(T0)).authenticate());
    expectFinal(error, 'mimecast.tooLarge');
    expect(api.hits).toHaveLength(1);
  });
});
