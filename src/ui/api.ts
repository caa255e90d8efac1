/** The UI's only way to the server: JSON over fetch, with the session cookie, errors as ApiError. */

import { type ErrorCode, isErrorCode } from '../core/errors.js';

/** What an error body may say beyond its code and message (docs/api.md, "Requests and errors"). */
export interface ApiErrorPointers {
  id?: string;
  /** The request field at fault, e.g. `config.clientID`. */
  field?: string;
  /** A query error's `line`, `column` and `expected`; a validation error's `rule`. */
  details?: Record<string, unknown>;
}

export class ApiError extends Error {
  readonly status: number;
  readonly code: ErrorCode | 'network' | 'http';
  readonly field: string | undefined;
  readonly details: Record<string, unknown> | undefined;
  readonly id: string | undefined;

  constructor(status: number, code: ErrorCode | 'network' | 'http', message: string, pointers: ApiErrorPointers = {}) {
    super(message);
    this.status = status;
    this.code = code;
    this.id = pointers.id;
    this.field = pointers.field;
    this.details = pointers.details;
  }

  /** The rule the field broke, to show beside it; the whole message when the server named no rule. */
  get rule(): string {
    return typeof this.details?.rule === 'string' ? this.details.rule : this.message;
  }

  /** Where in the query the error is, when it is a query error. */
  get position(): { line: number; column: number } | undefined {
    const { line, column } = this.details ?? {};
    return typeof line === 'number' && typeof column === 'number' ? { line, column } : undefined;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const text = (value: unknown) => (typeof value === 'string' ? value : undefined);

/** The ApiError for an answer with an error status: whatever of the error body is there, typed. */
export function apiErrorOf(status: number, body: unknown): ApiError {
  const error = isRecord(body) ? body : {};
  const code = isErrorCode(error.code) ? error.code : 'http';
  return new ApiError(status, code, text(error.message) ?? `The server answered ${status}.`, {
    id: text(error.id),
    field: text(error.field),
    details: isRecord(error.details) ? error.details : undefined,
  });
}

type Listener = () => void;
const unauthorizedListeners = new Set<Listener>();

/** Called when any request answers 401: the session has gone, the app shows the sign-in page. */
export function onUnauthorized(listener: Listener): () => void {
  unauthorizedListeners.add(listener);
  return () => unauthorizedListeners.delete(listener);
}

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'DELETE';
  body?: unknown;
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

export interface ApiResponse<T> {
  body: T;
  headers: Headers;
}

export async function apiRaw<T>(path: string, options: RequestOptions = {}): Promise<ApiResponse<T>> {
  const headers: Record<string, string> = { Accept: 'application/json', ...options.headers };
  // A FormData body (a file upload) sets its own multipart content type and boundary.
  const form = typeof FormData !== 'undefined' && options.body instanceof FormData;
  if (options.body !== undefined && !form) headers['Content-Type'] = 'application/json';
  let response: Response;
  try {
    response = await fetch(path, {
      method: options.method ?? 'GET',
      headers,
      body: options.body === undefined ? undefined : form ? (options.body as FormData) : JSON.stringify(options.body),
      credentials: 'same-origin',
      signal: options.signal,
    });
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    throw new ApiError(0, 'network', 'The server cannot be reached.');
  }
  const text = await response.text();
  let parsed: unknown = null;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    parsed = null;
  }
  if (!response.ok) {
    if (response.status === 401 && !path.startsWith('/api/session')) for (const l of unauthorizedListeners) l();
    throw apiErrorOf(response.status, parsed);
  }
  return { body: parsed as T, headers: response.headers };
}

export async function api<T>(path: string, options: RequestOptions = {}): Promise<T> {
  return (await apiRaw<T>(path, options)).body;
}

export function errorText(error: unknown): string {
  if (error instanceof ApiError) return error.id ? `${error.message} (error id ${error.id})` : error.message;
  if (error instanceof Error) return error.message;
  return String(error);
}
