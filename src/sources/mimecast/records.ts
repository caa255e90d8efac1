import type { RawEvent } from '../../model/message.js';
import { MimecastError } from './errors.js';
import { arrayElementTexts } from './raw-json.js';

export function badShape(route: string, what: string): MimecastError {
  return new MimecastError('mimecast.badResponse', `${route}: unexpected answer shape (${what})`, {
    status: 200,
    retryable: true,
    details: { route },
  });
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Follows `path` in a parsed body; undefined when any step is missing. */
export function at(body: unknown, path: readonly (string | number)[]): unknown {
  let value = body;
  for (const step of path) {
    if (typeof step === 'number') value = Array.isArray(value) ? value[step] : undefined;
    else value = isRecord(value) ? value[step] : undefined;
  }
  return value;
}

export interface EventShape {
  time: (data: Record<string, unknown>) => number | null;
  key: (data: Record<string, unknown>) => string;
  logType: (data: Record<string, unknown>) => string;
}

/**
 * The records of the array at `path`, each with its exact text as received. An absent array is an empty
 * page when `optional` (Mimecast leaves `data` empty on the last page), otherwise a bad answer.
 */
export function recordsAt(
  route: string,
  text: string,
  body: unknown,
  path: readonly (string | number)[],
  shape: EventShape,
  optional = false,
): RawEvent[] {
  const parsed = at(body, path);
  if (parsed === undefined && optional) return [];
  if (!Array.isArray(parsed)) throw badShape(route, `${path.join('.')} is not an array`);
  if (parsed.length === 0) return [];
  const texts = arrayElementTexts(text, path);
  if (texts === null || texts.length !== parsed.length) throw badShape(route, `${path.join('.')} could not be split into records`);
  return parsed.map((data, i) => {
    if (!isRecord(data)) throw badShape(route, `${path.join('.')}[${i}] is not an object`);
    return toRawEvent(texts[i], data, shape);
  });
}

export function toRawEvent(raw: string, data: Record<string, unknown>, shape: EventShape): RawEvent {
  return { raw, data, dedupeKey: shape.key(data), time: shape.time(data), logType: shape.logType(data) };
}
