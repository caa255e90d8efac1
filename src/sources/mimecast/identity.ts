import * as crypto from 'node:crypto';
import type { DataType } from '../../model/message.js';

const quotedKeys = new Map<string, string>();
/** Whether JSON.stringify might escape something (controls, quote, backslash, lone surrogates); a false alarm only costs a call. */
const NEEDS_ESCAPE = /[\p{Cc}"\\\p{Cs}]/u;

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
      return NEEDS_ESCAPE.test(value) ? JSON.stringify(value) : `"${value}"`;
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

/**
 * sha256 as base64url. The one-shot `crypto.hash` (Node ≥ 20.12) skips the Hash object createHash builds,
 * which costs more than hashing an event this size; the digest is the same either way.
 */
const sha256 =
  typeof crypto.hash === 'function'
    ? (text: string) => crypto.hash('sha256', text, 'base64url')
    : (text: string) => crypto.createHash('sha256').update(text).digest('base64url');

/** `<dataType>:h:<sha256 of canonical JSON>` for records without an id (SIEM, DLP). */
export function hashKey(dataType: DataType, data: Record<string, unknown>): string {
  return `${dataType}:h:${sha256(`${dataType}\n${canonicalJson(data)}`)}`;
}

/**
 * The same SIEM event arrives from the stream as `eventType`/`subType` and from batch files as
 * `type`/`subtype` plus Kafka `_offset`/`_partition`. Its identity is computed on one spelling, so the
 * stream/batch hand-over cannot store one event twice. The event text itself is never changed.
 */
function identityName(key: string): string | undefined {
  if (key === '_offset' || key === '_partition') return undefined;
  return key === 'eventType' ? 'type' : key === 'subType' ? 'subtype' : key;
}

/** For one list of field names (in received order): which fields to read, sorted, and the text before each value. */
interface FieldOrder {
  keys: string[];
  fields: string[];
  prefixes: string[];
}

/**
 * Events of one type and feed carry the same field names in the same order, so the sorted order is worked
 * out once per such list. Found by count and end names, then confirmed name by name (cheaper than joining
 * the names into a lookup key). Bounded like the quoted keys: hostile input cannot grow it without end.
 */
const fieldOrders = new Map<string, FieldOrder[]>();
let fieldOrderCount = 0;

function sameKeys(a: string[], b: string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function fieldOrder(keys: string[]): FieldOrder {
  const id = `${keys.length}\u0000${keys[0]}\u0000${keys[keys.length - 1]}`;
  const candidates = fieldOrders.get(id);
  if (candidates !== undefined) for (const order of candidates) if (sameKeys(order.keys, keys)) return order;
  const named: [string, string][] = [];
  for (const key of keys) {
    const name = identityName(key);
    if (name !== undefined) named.push([name, key]);
  }
  // Stable, like entriesText's sort: an event with both spellings keeps them in received order.
  named.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  const order = { keys, fields: named.map((n) => n[1]), prefixes: named.map((n, i) => `${i === 0 ? '{' : ','}${quoteKey(n[0])}:`) };
  if (fieldOrderCount < 1024) {
    fieldOrderCount++;
    if (candidates === undefined) fieldOrders.set(id, [order]);
    else candidates.push(order);
  }
  return order;
}

/** The canonical text of the event under its one spelling: what entriesText gives for the renamed entries. */
function siemIdentityText(data: Record<string, unknown>): string {
  const { fields, prefixes } = fieldOrder(Object.keys(data));
  let out = '';
  for (let i = 0; i < fields.length; i++) {
    const value = data[fields[i] as string];
    // entriesText drops undefined values (and the comma before them): the precomputed prefixes cannot.
    if (value === undefined) return slowIdentityText(data);
    out += (prefixes[i] as string) + canonicalJson(value);
  }
  return fields.length === 0 ? '{}' : `${out}}`;
}

function slowIdentityText(data: Record<string, unknown>): string {
  const entries: [string, unknown][] = [];
  for (const key of Object.keys(data)) {
    const name = identityName(key);
    if (name !== undefined) entries.push([name, data[key]]);
  }
  return entriesText(entries);
}

export function siemKey(data: Record<string, unknown>): string {
  return `siem:h:${sha256(`siem\n${siemIdentityText(data)}`)}`;
}
