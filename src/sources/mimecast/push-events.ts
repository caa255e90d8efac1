import { AppError } from '../../core/errors.js';
import { type DataType, type RawEvent, SIEM_TYPES } from '../../model/message.js';
import { PUSH_MAX_EVENTS } from '../../model/push.js';
import { AUDIT_SPEC } from './audit.js';
import { jsonErrorOffset, lineAndColumn } from './json-error.js';
import { arrayElementTexts, valueTextAt } from './raw-json.js';
import { type EventShape, isRecord, toRawEvent } from './records.js';
import { SIEM_SHAPE } from './siem-events.js';

/** A pushed event with the pulled data type it belongs to; its dedupe key is that type's. */
export interface PushedEvent extends RawEvent {
  dataType: DataType;
}

const SIEM_TYPE_NAMES: ReadonlySet<string> = new Set(SIEM_TYPES);

/**
 * How a pushed event's data type is recognised, first match wins; each takes the shape (and so the dedupe
 * key) its pulled data type has, so an event pushed and later pulled is stored once. A Cloud Gateway SIEM
 * event names one of the SIEM types in `eventType` (stream spelling) or `type` (batch spelling) and carries
 * Mimecast's `processingId` or `aggregateId`; an audit event has an `auditType` and an `id`.
 */
const PUSHED_TYPES: readonly { dataType: DataType; shape: EventShape; matches: (data: Record<string, unknown>) => boolean }[] = [
  {
    dataType: 'siem',
    shape: SIEM_SHAPE,
    matches: (data) => {
      const type = data.eventType ?? data.type;
      const named = typeof type === 'string' && SIEM_TYPE_NAMES.has(type.toLowerCase());
      return named && (typeof data.processingId === 'string' || typeof data.aggregateId === 'string');
    },
  },
  {
    dataType: 'auditEvent',
    shape: AUDIT_SPEC.shape,
    matches: (data) => typeof data.auditType === 'string' && typeof data.id === 'string' && data.id !== '',
  },
];

function invalid(message: string, details: Record<string, unknown>): AppError {
  return new AppError('push.invalid', message, { field: 'body', details });
}

/** The error for a text that is not JSON, with the 1-based line and column of the first character refused. */
function notJson(text: string, lineOffset = 0): AppError {
  const at = lineAndColumn(text, jsonErrorOffset(text));
  const line = at.line + lineOffset;
  return invalid(`body: is not valid JSON (line ${line}, column ${at.column})`, { line, column: at.column });
}

/** The event of one HEC object (`{"event": {...}}`) or of a bare event, with its exact text. */
function unwrap(text: string, value: unknown, index: number): { raw: string; data: Record<string, unknown> } {
  if (!isRecord(value)) throw invalid(`body: event ${index} is not a JSON object`, { index });
  if (!('event' in value)) return { raw: text, data: value };
  if (!isRecord(value.event)) throw invalid(`body: event ${index}: "event" is not a JSON object`, { index });
  return { raw: valueTextAt(text, ['event']) ?? JSON.stringify(value.event), data: value.event };
}

function recognise(raw: string, data: Record<string, unknown>, index: number): PushedEvent {
  const kind = PUSHED_TYPES.find((t) => t.matches(data));
  if (kind === undefined) {
    throw invalid(`body: event ${index} is not a Mimecast event this receiver knows (a SIEM or audit event)`, { index });
  }
  return { ...toRawEvent(raw, data, kind.shape), dataType: kind.dataType };
}

function tooMany(): AppError {
  return new AppError('push.tooLarge', `body: holds more than ${PUSH_MAX_EVENTS} events`, {
    field: 'body',
    details: { maxEvents: PUSH_MAX_EVENTS },
  });
}

/** Each line of an NDJSON body: its text and parsed value, or the error naming the line. */
function ndjsonLines(text: string): { raw: string; value: unknown }[] {
  const out: { raw: string; value: unknown }[] = [];
  const lines = text.split('\n');
  for (let n = 0; n < lines.length; n++) {
    const raw = (lines[n] as string).replace(/\r$/, '');
    if (raw.trim() === '') continue;
    if (out.length >= PUSH_MAX_EVENTS) throw tooMany();
    try {
      out.push({ raw: raw.trim(), value: JSON.parse(raw) });
    } catch {
      throw notJson(raw, n);
    }
  }
  return out;
}

/**
 * The events of one Event Push body, whatever its Content-Type says (Mimecast sends NDJSON as
 * `application/x-www-form-urlencoded`): a JSON array is HEC (`[{"event": {...}}, …]`), one JSON object is a
 * webhook event (or one HEC object), anything else is read as NDJSON, one `{"event": {...}}` (or bare
 * event) per line. Refuses (`push.invalid`, naming the line and column or the event's index) rather than
 * storing part of a body, so the sender's retry of the whole body is the one way in.
 */
export function parsePushBody(text: string): PushedEvent[] {
  if (text.trim() === '') throw invalid('body: is empty', {});
  let whole: unknown;
  let parsed = true;
  try {
    whole = JSON.parse(text);
  } catch {
    parsed = false;
  }
  let items: { raw: string; value: unknown }[];
  if (parsed && Array.isArray(whole)) {
    if (whole.length > PUSH_MAX_EVENTS) throw tooMany();
    const texts = arrayElementTexts(text, []) ?? whole.map((v) => JSON.stringify(v));
    items = whole.map((value, i) => ({ raw: texts[i] ?? JSON.stringify(value), value }));
  } else if (parsed) {
    items = [{ raw: text.trim(), value: whole }];
  } else if (text.trimStart().startsWith('[')) {
    throw notJson(text);
  } else {
    items = ndjsonLines(text);
  }
  if (items.length === 0) throw invalid('body: holds no events', {});
  return items.map((item, i) => {
    const { raw, data } = unwrap(item.raw, item.value, i);
    return recognise(raw, data, i);
  });
}
