import { createHash } from 'node:crypto';
import type { DataType } from '../../core/message.js';

/** JSON with object keys sorted at every level, so equal events give equal text whatever their key order. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record)
    .filter((k) => record[k] !== undefined)
    .sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(record[k])}`).join(',')}}`;
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
export function siemIdentityView(data: Record<string, unknown>): Record<string, unknown> {
  const view: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(data)) {
    if (key === '_offset' || key === '_partition') continue;
    if (key === 'eventType') view.type = value;
    else if (key === 'subType') view.subtype = value;
    else view[key] = value;
  }
  return view;
}

export function siemKey(data: Record<string, unknown>): string {
  return hashKey('siem', siemIdentityView(data));
}
