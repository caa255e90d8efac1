import { describe, expect, it } from 'vitest';
import { AppError } from '../../core/errors.js';
import { AUDIT_SPEC } from './audit.js';
import { idKey, siemKey } from './identity.js';
import { jsonErrorOffset } from './json-error.js';
import { parsePushBody } from './push-events.js';

const stream = { processingId: 'p1', aggregateId: 'a1', timestamp: 1_700_000_000_000, eventType: 'receipt', subType: 'Allow' };
const batch = {
  _offset: 9,
  _partition: 1,
  processingId: 'p1',
  aggregateId: 'a1',
  timestamp: 1_700_000_000_000,
  type: 'receipt',
  subtype: 'Allow',
};
const audit = {
  id: 'audit-1',
  auditType: 'User Logged On',
  user: 'a@b',
  eventTime: '2024-01-01T00:00:00+0000',
  eventInfo: 'x',
  category: 'c',
};

function refusal(text: string): AppError {
  try {
    parsePushBody(text);
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('not refused');
}

describe('parsePushBody', () => {
  it('reads HEC arrays, NDJSON and single webhook events alike, keeping each event text as sent', () => {
    const inner = '{ "processingId":"p1","aggregateId":"a1","timestamp":1700000000000,"eventType":"receipt","subType":"Allow"}';
    const hec = parsePushBody(`[ {"event": ${inner}} ]`);
    const ndjson = parsePushBody(`{"event":${inner}}\r\n\n{"event":${JSON.stringify(audit)}}\n`);
    const webhook = parsePushBody(inner);
    expect(hec).toHaveLength(1);
    expect(hec[0]).toMatchObject({ raw: inner, dataType: 'siem', logType: 'receipt', time: 1_700_000_000_000 });
    expect(ndjson.map((e) => e.dataType)).toEqual(['siem', 'auditEvent']);
    expect(webhook[0]?.raw).toBe(inner);
  });

  it('gives a pushed event the dedupe key its pulled data type gives it, whichever SIEM spelling it arrives in', () => {
    const [fromStream] = parsePushBody(JSON.stringify({ event: stream }));
    const [fromBatch] = parsePushBody(JSON.stringify(batch));
    expect(fromStream?.dedupeKey).toBe(siemKey(stream));
    expect(fromBatch?.dedupeKey).toBe(fromStream?.dedupeKey);
    const [auditEvent] = parsePushBody(JSON.stringify([{ event: audit }]));
    expect(auditEvent?.dedupeKey).toBe(AUDIT_SPEC.shape.key(audit));
    expect(auditEvent?.dedupeKey).toBe(idKey('auditEvent', 'audit-1'));
  });

  it('refuses the whole body, naming the line and column or the event index', () => {
    expect(refusal('  \n')).toMatchObject({ code: 'push.invalid', message: 'body: is empty' });
    expect(refusal('[]')).toMatchObject({ code: 'push.invalid', message: 'body: holds no events' });
    expect(refusal('[{"event": 1}]')).toMatchObject({ code: 'push.invalid', details: { index: 0 } });
    expect(refusal(`${JSON.stringify(stream)}\n{"a":}`)).toMatchObject({ details: { line: 2, column: 6 } });
    expect(refusal('[\n  {"event": {}},\n  nope\n]')).toMatchObject({ details: { line: 3, column: 4 } });
    expect(refusal(JSON.stringify([{ event: stream }, { event: { eventType: 'receipt' } }]))).toMatchObject({
      details: { index: 1 },
    });
  });
});

describe('jsonErrorOffset', () => {
  it('finds the first character a strict parser refuses, and the end for valid JSON', () => {
    expect(jsonErrorOffset('{"a": [1, 2,]}')).toBe(12);
    expect(jsonErrorOffset('{"a": "\\x"}')).toBe(8);
    expect(jsonErrorOffset('{"a": 01}')).toBe(7);
    expect(jsonErrorOffset('{"a": tru}')).toBe(9);
    expect(jsonErrorOffset('{"a": 1} x')).toBe(9);
    expect(jsonErrorOffset('[1e5, -0.5, "\\u00e9", null]')).toBe(27);
    expect(jsonErrorOffset('['.repeat(1000))).toBe(512);
  });
});
