import { createHash } from 'node:crypto';
import type { DataType } from '../../core/message.js';

const quotedKeys = new Map<string, string>();
/** Whether JSON.stringify would escape something in `text` (controls, quote, backslash, surrogates). */
function needsEscape(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x20 || c === 0x22 || c === 0x5c || (c >= 0xd800 && c <= 0xdfff)) return true;
  }
  return false;
}

function quoteKey(key: string): string {
  let quoted = quotedKeys.get(key);
  if (quoted === undefined) {
    quoted = JSON.stringify(key);
    // Field names repeat across events; the cap keeps hostile input from growing the cache without end.
    if (quotedKeys.size < 4096) quotedKeys.set(key, quoted);
  }
  return quoted;
}

function entriesText(entries: [string, unknown][]): string {
  entries.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  let out = '{';
  for (const [key, value] of entries) {
    if (value === undefined) continue;
    if (out.length > 1) out += ',';
    out += `${quoteKey(key)}:${canonicalJson(value)}`;
  }
  return `${out}}`;
}

/**
 * JSON with object keys sorted at every level, so equal events give equal text whatever their key order.
 * Same text as JSON.stringify would give for the sorted object; it runs once per event, so it is kept fast.
 */
export function canonicalJson(value: unknown): string {
  switch (typeof value) {
    case 'string':
      return needsEscape(value) ? JSON.stringify(value) : `"${value}"`;
    case 'number':
      return Number.isFinite(value) ? String(value) : 'null';
    case 'boolean':
      return value ? 'true' : 'false';
    case 'object': {
      if (value === null) return 'null';
      if (Array.isArray(value)) {
        let out = '[';
        for (let i = 0; i < value.length; i++) out += (i > 0 ? ',' : '') + (value[i] === undefined ? 'null' : canonicalJson(value[i]));
        return `${out}]`;
      }
      return entriesText(Object.entries(value as Record<string, unknown>));
    }
    default:
      return 'null';
  }
}

/** `<dataType>:id:<id>` for records Mimecast gives an id (audit events, held messages). */
export function idKey(dataType: DataType, id: string): string {
  return `${dataType}:id:${id}`;
}

/** `<dataType>:h:<sha256 of canonical JSON>` for records without an id (SIEM, DLP). */
export function hashKey(dataType: DataType, data: Record<string, unknown>): string {
  const digest = createHash('sha256').update(dataType).update('\n').update(canonicalJson(data)).digest('base64url');
  return `${dataType}:h:${digest}`;
}

/**
 * The same SIEM event arrives from the stream as `eventType`/`subType` and from batch files as
 * `type`/`subtype` plus Kafka `_offset`/`_partition`. Its identity is computed on one spelling, so the
 * stream/batch hand-over cannot store one event twice. The event text itself is never changed.
 */
function siemIdentityText(data: Record<string, unknown>): string {
  const entries: [string, unknown][] = [];
  for (const key in data) {
    if (!Object.hasOwn(data, key) || key === '_offset' || key === '_partition') continue;
    entries.push([key === 'eventType' ? 'type' : key === 'subType' ? 'subtype' : key, data[key]]);
  }
  return entriesText(entries);
}

export function siemKey(data: Record<string, unknown>): string {
  return `siem:h:${createHash('sha256').update('siem\n').update(siemIdentityText(data)).digest('base64url')}`;
}
