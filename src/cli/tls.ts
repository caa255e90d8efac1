import { createPrivateKey, type KeyObject, X509Certificate } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { AppError } from '../core/errors.js';

/** A file named on the command line or in the environment, with the name the user gave it under. */
export interface NamedFile {
  path: string;
  /** `--tls-cert` or `MC2C_TLS_CERT`: every error names what the user typed. */
  from: string;
}

/** `serve --tls-cert FILE --tls-key FILE`: where the certificate chain and its private key are. */
export interface TlsFiles {
  cert: NamedFile;
  key: NamedFile;
}

/** What Fastify's `https` option takes. */
export interface TlsMaterial {
  cert: Buffer;
  key: Buffer;
}

function refused(file: NamedFile, rule: string, cause?: unknown): AppError {
  return new AppError('usage', `${file.from}: ${file.path}: ${rule}`, { field: file.from, cause });
}

async function read(file: NamedFile): Promise<Buffer> {
  try {
    return await readFile(file.path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'unknown error';
    throw refused(file, `cannot be read (${code})`, error);
  }
}

/**
 * Reads and checks the certificate and key before the server starts, so a mistake is one line naming the
 * flag rather than an OpenSSL error from inside the TLS handshake: the certificate must be PEM (a DER file
 * is a common slip, and Node's TLS would refuse it with a less helpful message), the key must parse, and the
 * key must be the certificate's.
 */
export async function readTlsFiles(files: TlsFiles): Promise<TlsMaterial> {
  const [cert, key] = await Promise.all([read(files.cert), read(files.key)]);
  if (!cert.toString('latin1').includes('-----BEGIN CERTIFICATE-----')) {
    throw refused(files.cert, 'is not a PEM certificate (expected a "-----BEGIN CERTIFICATE-----" block)');
  }
  let certificate: X509Certificate;
  try {
    certificate = new X509Certificate(cert);
  } catch (error) {
    throw refused(files.cert, 'is not a valid PEM certificate', error);
  }
  let privateKey: KeyObject;
  try {
    privateKey = createPrivateKey(key);
  } catch (error) {
    throw refused(files.key, 'is not a PEM private key (an encrypted key is not supported)', error);
  }
  if (!certificate.checkPrivateKey(privateKey)) {
    throw refused(files.key, `is not the private key of the certificate in ${files.cert.path} (${files.cert.from})`);
  }
  return { cert, key };
}
