import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import { AppError } from '../../core/errors.js';
import { DamagedBatchFileError, MimecastError } from './errors.js';

const MIB = 1024 * 1024;

/**
 * The largest JSON answer read from the API (token, SIEM stream page, batch listing, /api/* page, error
 * body), after any Content-Encoding. A full page of 1000 SIEM events is about 1 MB; 32 MiB is far above
 * any real page and small enough to hold while it is parsed.
 */
export const PAGE_MAX_BYTES = 32 * MIB;
/** The largest batch file as transferred (gzip). */
export const BATCH_FILE_MAX_COMPRESSED_BYTES = 64 * MIB;
/**
 * The largest batch file once inflated. A file is held whole while its lines are parsed, and V8 strings
 * stop at 512 MiB; 256 MiB is some 300 000 SIEM events of one type in one file, far above a real file.
 */
export const BATCH_FILE_MAX_BYTES = 256 * MIB;

export interface BatchFileLimits {
  compressedBytes: number;
  inflatedBytes: number;
}

function tooLarge(route: string, what: string, limitBytes: number, status: number): MimecastError {
  // Not retryable: the same answer comes back, and each try would download (and inflate) it again.
  return new MimecastError('mimecast.tooLarge', `${route}: ${what} is larger than ${limitBytes} bytes, the limit`, {
    status,
    retryable: false,
    details: { route, limitBytes },
  });
}

function cutShort(route: string, status: number, cause: unknown): MimecastError {
  return new MimecastError('mimecast.badResponse', `${route}: the answer was cut short`, {
    status,
    retryable: true,
    cause,
    details: { route },
  });
}

/** A Content-Length above the limit fails before a byte of the body is read. */
async function refuseDeclaredLength(response: Response, route: string, what: string, limitBytes: number): Promise<void> {
  const declared = Number(response.headers.get('content-length') ?? Number.NaN);
  if (!(declared > limitBytes)) return;
  await response.body?.cancel();
  throw tooLarge(route, what, limitBytes, response.status);
}

/** The body's chunks, failing as soon as their total passes the limit; leaving early cancels the body. */
async function* chunksWithin(body: ReadableStream<Uint8Array>, limit: () => never, limitBytes: number): AsyncGenerator<Uint8Array> {
  const reader = body.getReader();
  let total = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      total += value.byteLength;
      if (total > limitBytes) limit();
      yield value;
    }
  } finally {
    // A body that failed rejects its cancel with the same failure, already on its way to the caller.
    await reader.cancel().catch(() => undefined);
  }
}

function rethrown(error: unknown, route: string, status: number, signal: AbortSignal | undefined): AppError {
  if (error instanceof MimecastError) return error;
  if (signal?.aborted) return new AppError('aborted', 'aborted');
  return cutShort(route, status, error);
}

/** Reads a JSON answer's text, at most `PAGE_MAX_BYTES` of it; a body cut short is a retryable `mimecast.badResponse`. */
export async function readText(response: Response, route: string, signal?: AbortSignal, limitBytes = PAGE_MAX_BYTES): Promise<string> {
  await refuseDeclaredLength(response, route, 'the answer', limitBytes);
  if (!response.body) return '';
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    const limit = () => {
      throw tooLarge(route, 'the answer', limitBytes, response.status);
    };
    for await (const chunk of chunksWithin(response.body, limit, limitBytes)) {
      chunks.push(chunk);
      total += chunk.byteLength;
    }
  } catch (error) {
    throw rethrown(error, route, response.status, signal);
  }
  return new TextDecoder().decode(Buffer.concat(chunks, total));
}

const isZlibError = (error: unknown): boolean =>
  typeof (error as { code?: unknown })?.code === 'string' && (error as { code: string }).code.startsWith('Z_');

/**
 * Reads a batch file and inflates it as it arrives, stopping at the limits: a gzip bomb costs at most
 * `inflatedBytes` of memory, never its full size. Storage may or may not label the file with
 * Content-Encoding; when it does, fetch has already inflated the transfer, so the transfer counts against
 * the inflated limit. A file that starts with the gzip magic is inflated (again).
 */
export async function readBatchFile(response: Response, route: string, limits: BatchFileLimits, signal?: AbortSignal): Promise<string> {
  const { status } = response;
  await refuseDeclaredLength(response, route, 'the file', limits.compressedBytes);
  if (!response.body) return '';
  const encoding = response.headers.get('content-encoding');
  const decoded = encoding !== null && encoding.toLowerCase() !== 'identity';
  const transferLimit = decoded ? limits.inflatedBytes : limits.compressedBytes;
  const transferred = chunksWithin(
    response.body,
    () => {
      throw tooLarge(route, decoded ? 'the inflated file' : 'the file', transferLimit, status);
    },
    transferLimit,
  );
  const out: Uint8Array[] = [];
  /** The gzip file as sent (at most the transfer limit): what a damaged file leaves to look at. */
  const raw: Uint8Array[] = [];
  let total = 0;
  // pipeline() rejects with its own AbortError when its last stage throws, so the limit error is kept here.
  let overLimit: MimecastError | undefined;
  const keep = (chunk: Uint8Array) => {
    total += chunk.byteLength;
    if (total > limits.inflatedBytes) {
      overLimit = tooLarge(route, 'the inflated file', limits.inflatedBytes, status);
      throw overLimit;
    }
    out.push(chunk);
  };
  try {
    const head: Uint8Array[] = [];
    let headBytes = 0;
    while (headBytes < 2) {
      const next = await transferred.next();
      if (next.done) break;
      head.push(next.value);
      headBytes += next.value.byteLength;
    }
    const first = Buffer.concat(head, headBytes);
    if (first[0] === 0x1f && first[1] === 0x8b) {
      const whole = (async function* () {
        raw.push(first);
        yield first;
        for await (const chunk of transferred) {
          raw.push(chunk);
          yield chunk;
        }
      })();
      await pipeline(Readable.from(whole), createGunzip(), async (inflated: AsyncIterable<Buffer>) => {
        for await (const chunk of inflated) keep(chunk);
      });
    } else {
      keep(first);
      for await (const chunk of transferred) keep(chunk);
    }
  } catch (error) {
    if (overLimit) throw overLimit;
    if (isZlibError(error))
      throw new DamagedBatchFileError(
        `${route}: the gzip file is damaged or cut short`,
        // A damage that outlasts the retries is the file's own: its pager sets it aside (cloud-integrated.ts).
        { status, retryable: true, cause: error, details: { route, damaged: true } },
        Buffer.concat(raw),
      );
    throw rethrown(error, route, status, signal);
  }
  return Buffer.concat(out, total).toString('utf8');
}
