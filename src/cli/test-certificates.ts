import { execFile } from 'node:child_process';
import { copyFile } from 'node:fs/promises';
import https from 'node:https';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const FIXTURES = path.join(path.dirname(fileURLToPath(import.meta.url)), '__fixtures__', 'tls');

export interface TestCertificates {
  /** A self-signed certificate for localhost and 127.0.0.1 (PEM). */
  cert: string;
  /** Its private key. */
  key: string;
  /** A key of the same kind that belongs to no certificate here. */
  otherKey: string;
}

/**
 * Writes a fresh self-signed certificate, its key and an unrelated key into `dir` with openssl, or copies the
 * test-only ones from __fixtures__/tls when openssl is not installed (a machine with only Node).
 */
export async function makeTestCertificates(dir: string): Promise<TestCertificates> {
  const files = { cert: path.join(dir, 'cert.pem'), key: path.join(dir, 'key.pem'), otherKey: path.join(dir, 'other-key.pem') };
  const run = promisify(execFile);
  const curve = ['-pkeyopt', 'ec_paramgen_curve:P-256'];
  try {
    await run('openssl', [
      'req',
      '-x509',
      '-newkey',
      'ec',
      ...curve,
      '-nodes',
      '-keyout',
      files.key,
      '-out',
      files.cert,
      '-days',
      '2',
      '-subj',
      '/CN=localhost',
      '-addext',
      'subjectAltName=DNS:localhost,IP:127.0.0.1',
    ]);
    await run('openssl', ['genpkey', '-algorithm', 'EC', ...curve, '-out', files.otherKey]);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    await copyFile(path.join(FIXTURES, 'cert.pem'), files.cert);
    await copyFile(path.join(FIXTURES, 'key.pem'), files.key);
    await copyFile(path.join(FIXTURES, 'other-key.pem'), files.otherKey);
  }
  return files;
}

export interface HttpsAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
}

/** One request over real HTTPS that trusts only `ca` (the test's self-signed certificate). */
export function httpsRequest(
  url: string,
  options: { ca: Buffer | string; method?: string; headers?: Record<string, string>; body?: string },
): Promise<HttpsAnswer> {
  return new Promise((resolve, reject) => {
    const request = https.request(url, { method: options.method ?? 'GET', headers: options.headers, ca: options.ca }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () =>
        resolve({ status: response.statusCode ?? 0, headers: response.headers, text: Buffer.concat(chunks).toString('utf8') }),
      );
      response.on('error', reject);
    });
    request.on('error', reject);
    request.end(options.body);
  });
}
