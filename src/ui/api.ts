/** The UI's only way to the server: JSON over fetch, with the session cookie, errors as ApiError. */

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  /** The field the server named (`config.clientID: is required` → `config.clientID`), when it named one. */
  readonly field: string | undefined;
  readonly id: string | undefined;

  constructor(status: number, code: string, message: string, id?: string) {
    super(message);
    this.status = status;
    this.code = code;
    this.id = id;
    const match = /^([A-Za-z_$][\w$.[\]]*): /.exec(message);
    this.field = match ? match[1] : undefined;
  }
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
  if (options.body !== undefined) headers['Content-Type'] = 'application/json';
  let response: Response;
  try {
    response = await fetch(path, {
      method: options.method ?? 'GET',
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
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
    const err = (parsed ?? {}) as { code?: string; message?: string; id?: string };
    throw new ApiError(response.status, err.code ?? 'http', err.message ?? `The server answered ${response.status}.`, err.id);
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
