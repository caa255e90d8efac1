import { AppError, type ErrorCode } from '../../core/errors.js';

/** The codes the Mimecast client throws (listed in core/errors.ts, documented in docs/mimecast-client.md). */
export type MimecastErrorCode = Extract<ErrorCode, `mimecast.${string}`>;

export interface MimecastErrorOptions {
  status?: number;
  retryable: boolean;
  field?: string;
  details?: Record<string, unknown>;
  cause?: unknown;
}

export class MimecastError extends AppError {
  declare readonly code: MimecastErrorCode;
  constructor(code: MimecastErrorCode, message: string, options: MimecastErrorOptions) {
    super(code, message, options);
  }
}

/**
 * A batch file that cannot be inflated: `bytes` is the file as it was downloaded (within the compressed size
 * limit), kept so an operator can look at it once its pager sets it aside.
 */
export class DamagedBatchFileError extends MimecastError {
  constructor(
    message: string,
    options: MimecastErrorOptions,
    readonly bytes: Uint8Array,
  ) {
    super('mimecast.badResponse', message, options);
  }
}

/** The bytes of a damaged batch file, spread into its SetAsideFile. */
export function damagedBytes(error: unknown): { bytes?: Uint8Array } {
  return error instanceof DamagedBatchFileError ? { bytes: error.bytes } : {};
}

/** A malformed checkpoint: names the field, never retryable (the caller must reset the cursor). */
export function cursorError(field: string, rule: string): MimecastError {
  return new MimecastError('mimecast.cursor', `${field}: ${rule}`, { field, retryable: false });
}

/** The first code/message found in any of Mimecast's three error body shapes. */
export interface ParsedFailure {
  code: string | undefined;
  message: string | undefined;
  /** From `fail[].errors[].retryable`, when the body says. */
  retryable: boolean | undefined;
}

function asRecord(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/**
 * Reads `{"fail":[{code,message}]}` (gateway), `{"error":{code,message}}` (SIEM) and
 * `{"fail":[{"errors":[{code,message,retryable}],"key":…}]}` (/api/*). Undefined when none is present.
 */
export function parseFailure(body: unknown): ParsedFailure | undefined {
  const record = asRecord(body);
  if (!record) return undefined;
  const error = asRecord(record.error);
  if (error) return { code: str(error.code), message: str(error.message), retryable: undefined };
  if (Array.isArray(record.fail) && record.fail.length > 0) {
    const first = asRecord(record.fail[0]) ?? {};
    if (Array.isArray(first.errors) && first.errors.length > 0) {
      const inner = asRecord(first.errors[0]) ?? {};
      return {
        code: str(inner.code),
        message: str(inner.message),
        retryable: typeof inner.retryable === 'boolean' ? inner.retryable : undefined,
      };
    }
    return { code: str(first.code), message: str(first.message), retryable: undefined };
  }
  return undefined;
}

export function describeFailure(failure: ParsedFailure | undefined, fallback: string): string {
  if (!failure) return fallback;
  const parts = [failure.code, failure.message].filter((p): p is string => p !== undefined && p !== '');
  return parts.length > 0 ? parts.join(': ') : fallback;
}
