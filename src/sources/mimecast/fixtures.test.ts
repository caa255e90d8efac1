import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../core/logger.js';
import { conformanceDir, conformanceFile, conformanceTitle } from '../../core/test-conformance.js';
import { AUDIT_SPEC } from './audit.js';
import { DLP_SPEC } from './dlp.js';
import { MimecastError, parseFailure } from './errors.js';
import { checkFailInside } from './http.js';
import { recordsAt, toRawEvent } from './records.js';
import { parseNdjson, SIEM_SHAPE } from './siem-events.js';

const own = (name: string) => readFileSync(new URL(`./__fixtures__/${name}`, import.meta.url), 'utf8');
const sample = (rel: string) => readFileSync(conformanceFile(rel), 'utf8');
const lines = (text: string) => text.split('\n').filter((l) => l.trim() !== '');
const countTypes = (events: { logType: string }[]) => {
  const counts: Record<string, number> = {};
  for (const e of events) counts[e.logType] = (counts[e.logType] ?? 0) + 1;
  return counts;
};
/** An event's text as Mimecast means it: the Kafka position of the line is not part of the event. */
const withoutPosition = (data: Record<string, unknown>) => {
  const { _offset, _partition, ...rest } = data;
  return JSON.stringify(rest);
};

function expectBatchLinesKept(text: string) {
  const source = lines(text);
  const events = parseNdjson(text, silentLogger);
  expect(events).toHaveLength(source.length);
  events.forEach((e, i) => {
    expect(e.raw).toBe(source[i]);
    expect(e.data).toEqual(JSON.parse(source[i]));
    expect(e.time).toBe(JSON.parse(source[i]).timestamp);
  });
  return events;
}

function expectStreamPageSplit(text: string) {
  const body = JSON.parse(text);
  const events = recordsAt('stream', text, body, ['value'], SIEM_SHAPE);
  expect(events).toHaveLength(body.value.length);
  events.forEach((e, i) => {
    expect(text.includes(e.raw)).toBe(true);
    expect(JSON.parse(e.raw)).toEqual(body.value[i]);
    expect(e.logType).toBe(body.value[i].eventType);
  });
}

/** A stream-spelled event (eventType, subType) and its batch-file twin (type, subtype, offsets) are one event. */
function expectTwinsShareKey(stream: Record<string, unknown>) {
  const { eventType, subType, ...rest } = stream;
  const batch = { _offset: 1234, _partition: 5, ...rest, type: eventType, subtype: subType };
  expect(SIEM_SHAPE.key(batch)).toBe(SIEM_SHAPE.key(stream));
  expect(SIEM_SHAPE.key({ ...batch, subject: 'other' })).not.toBe(SIEM_SHAPE.key(stream));
}

function expectDlpTimesAndEnvelope(text: string) {
  const records = lines(text).map((l) => JSON.parse(l));
  const logs = records.filter((r) => r.eventTime !== undefined);
  for (const r of logs) {
    const iso = r.eventTime.replace(/([+-]\d{2})(\d{2})$/, '$1:$2');
    expect(DLP_SPEC.shape.time(r)).toBe(Date.parse(iso));
    expect(DLP_SPEC.shape.key(r)).toMatch(/^dlp:h:/);
  }
  const envelope = records.find((r) => r.meta !== undefined);
  expect(envelope).toBeDefined();
  expect(() => checkFailInside(envelope, 'dlp')).not.toThrow();
  return logs;
}

function expectAuditPage(text: string) {
  const body = JSON.parse(text);
  checkFailInside(body, 'audit');
  const events = recordsAt('audit', text, body, ['data'], AUDIT_SPEC.shape);
  expect(events.map((e) => e.dedupeKey)).toEqual(body.data.map((r: { id: string }) => `auditEvent:id:${r.id}`));
  for (const r of body.data) {
    expect(AUDIT_SPEC.shape.time(r)).toBe(Date.parse(r.eventTime.replace(/([+-]\d{2})(\d{2})$/, '$1:$2')));
  }
}

function expectFailBodyIsFailure(text: string) {
  const body = JSON.parse(text);
  expect(parseFailure(body)?.code).toBe('unauthorized');
  let caught: unknown;
  try {
    checkFailInside(body, 'siem');
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(MimecastError);
  expect((caught as MimecastError).code).toBe('mimecast.failResponse');
}

describe('SIEM, DLP and audit bodies (our fixtures)', () => {
  it('parses every batch-file line into one event that keeps its exact text and type', () => {
    const events = expectBatchLinesKept(own('siem-batch.ndjson'));
    expect(countTypes(events)).toEqual({ receipt: 2, process: 1, delivery: 1, spam: 2, journal: 1, 'attachment protect': 1 });
  });

  it('gives distinct events distinct identities and a replayed line (other offset) the same one', () => {
    const events = parseNdjson(own('siem-batch.ndjson'), silentLogger);
    const distinct = new Set(events.map((e) => withoutPosition(e.data)));
    expect(distinct.size).toBe(events.length - 1);
    expect(new Set(events.map((e) => e.dedupeKey)).size).toBe(distinct.size);
  });

  it('splits a stream page value[] into events whose raw text is the exact slice of the page', () => {
    expectStreamPageSplit(own('siem-stream-page.json'));
  });

  it('identifies a stream-spelled event and its batch-spelled twin as the same event', () => {
    const stream = JSON.parse(own('siem-stream-page.json')).value[0];
    expect(stream.eventType).toBe('av');
    expectTwinsShareKey(stream);
    const event = toRawEvent(JSON.stringify(stream), stream, SIEM_SHAPE);
    expect(event).toMatchObject({ time: stream.timestamp, logType: 'av' });
  });

  it('reads DLP eventTime (+0000) as UTC and skips the empty page envelope', () => {
    expect(expectDlpTimesAndEnvelope(own('dlp-logs.ndjson'))).toHaveLength(2);
  });

  it('uses the audit record id as identity and reads an offset eventTime', () => {
    expectAuditPage(own('audit-page.json'));
  });

  it('treats a fail[] body as a failure even with HTTP 200', () => {
    expectFailBodyIsFailure(own('fail-response.json'));
  });
});

describe.skipIf(!conformanceDir)(conformanceTitle('public Mimecast sample events (Elastic, XSOAR, Sekoia, Rapid7)'), () => {
  it('Elastic test-siem-v2-logs.log: every line kept, the documented types counted', () => {
    const text = sample('elastic/siem_logs/test-siem-v2-logs.log');
    const events = expectBatchLinesKept(text);
    expect(countTypes(events)).toEqual({
      'attachment protect': 10,
      delivery: 10,
      journal: 10,
      process: 10,
      receipt: 10,
      spam: 11,
      'internal email protect': 1,
    });
    const distinctTexts = new Set(events.map((e) => JSON.stringify(e.data)));
    expect(new Set(events.map((e) => e.dedupeKey)).size).toBe(distinctTexts.size);
  });

  it('XSOAR siem_raw_response.json: value[] split into exact slices', () => {
    expectStreamPageSplit(sample('paloalto_xsiam/MimecastEventCollector/siem_raw_response.json'));
  });

  it('Sekoia v2 events: all parsed, with the event time and a type from either spelling; twins share a key', () => {
    const dir = conformanceFile('sekoia/mimecast-email-security');
    const files = readdirSync(dir).filter((f) => f.endsWith('.json'));
    expect(files.length).toBeGreaterThan(20);
    for (const file of files) {
      const message = JSON.parse(readFileSync(`${dir}/${file}`, 'utf8')).input.message as string;
      const data = JSON.parse(message);
      const event = toRawEvent(message, data, SIEM_SHAPE);
      expect(event.raw).toBe(message);
      expect(event.time).toBe(data.timestamp ?? null);
      expect(event.logType).toBe(data.type ?? data.eventType);
    }
    const av = JSON.parse(JSON.parse(sample('sekoia/mimecast-email-security/test_av_logs.json')).input.message);
    expect(av.eventType).toBe('av');
    expectTwinsShareKey(av);
  });

  it('Elastic DLP and audit logs, XSOAR audit page: times, identities, envelopes', () => {
    expect(expectDlpTimesAndEnvelope(sample('elastic/dlp_logs/test-dlp-logs.log')).length).toBeGreaterThan(10);
    for (const line of lines(sample('elastic/audit_events/test-audit-events.log'))) {
      const r = JSON.parse(line);
      if (typeof r.id !== 'string') continue;
      expect(AUDIT_SPEC.shape.key(r)).toBe(`auditEvent:id:${r.id}`);
      expect(AUDIT_SPEC.shape.time(r)).toBe(Date.parse(r.eventTime.replace(/([+-]\d{2})(\d{2})$/, '$1:$2')));
    }
    expectAuditPage(sample('paloalto_xsiam/MimecastEventCollector/audit_raw_response.json'));
  });

  it('Rapid7 fail[] body: a failure even with HTTP 200', () => {
    expectFailBodyIsFailure(sample('rapid7/mimecast_v2_monitor_siem_logs/monitor_siem_logs_error.json.resp'));
  });
});
