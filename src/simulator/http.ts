import type { IncomingMessage } from 'node:http';

/** What a route handler answers; the server adds headers, faults and stats. */
export interface Reply {
  status: number;
  body: string | Buffer;
  contentType?: string;
  headers?: Record<string, string>;
  /** Events handed out, counted into stats.eventsServed under this data type. */
  served?: { dataType: string; count: number };
}

export const JSON_TYPE = 'application/json';

export function json(status: number, value: unknown, served?: Reply['served']): Reply {
  return served ? { status, body: JSON.stringify(value), served } : { status, body: JSON.stringify(value) };
}

/** Gateway-level failure (auth, permission, rate limit, routing): `{"fail":[{code,message}]}`. */
export function gatewayFail(status: number, code: string, message: string): Reply {
  return json(status, { fail: [{ code, message }] });
}

/** SIEM service error: `{"error":{code,message}}`. */
export function siemError(status: number, code: string, message: string): Reply {
  return json(status, { error: { code, message } });
}

export const SIEM_VALIDATION = 'Request Validation Failed';

/** `/api/*` function failure: the envelope with `fail[].errors[]` and the failing data item as `key`. */
export function apiFail(status: number, key: unknown, code: string, message: string, retryable = false): Reply {
  return json(status, {
    meta: { status },
    data: [],
    fail: [{ key: key ?? {}, errors: [{ code, message, retryable }] }],
  });
}

/** S3's XML error document, for the pre-signed batch-file URLs. */
export function s3Error(status: number, code: string, message: string, resource: string): Reply {
  const body = `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message}</Message><Resource>${resource}</Resource><RequestId>SIMULATOR</RequestId></Error>`;
  return { status, body, contentType: 'application/xml' };
}

const MAX_BODY = 1 << 20;

/** Reads a request body (at most 1 MiB; more is refused as a whole). */
export function readBody(req: IncomingMessage): Promise<string | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooBig = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY) tooBig = true;
      else chunks.push(chunk);
    });
    req.on('end', () => resolve(tooBig ? null : Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
