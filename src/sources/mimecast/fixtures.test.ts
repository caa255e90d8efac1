import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../core/logger.js';
import { AUDIT_SPEC } from './audit.js';
import { DLP_SPEC } from './dlp.js';
import { MimecastError, parseFailure } from './errors.js';
import { checkFailInside } from './http.js';
import { recordsAt, toRawEvent } from './records.js';
import { parseNdjson, SIEM_SHAPE } from './siem-events.js';

// Real public sample events, read in place (never copied into the project).
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const fixture = (rel: string) => readFileSync(path.resolve(repoRoot, '../shared/fixtures', rel), 'utf8');
const lines = (text: string) => text.split('\n').filter((l) => l.trim() !== '');

describe('SIEM batch-file fixture (elastic test-siem-v2-logs.log)', () => {
  const text = fixture('elastic/siem_logs/test-siem-v2-logs.log');
  const events = parseNdjson(text, silentLogger);

  it('parses every line into one event that keeps its exact text', () => {
    const source = lines(text);
    expect(events).toHaveLength(source.length);
    events.forEach((e, i) => {
      expect(e.raw).toBe(source[i]);
      expect(e.data).toEqual(JSON.parse(source[i]));
      expect(e.time).toBe(JSON.parse(source[i]).timestamp);
    });
  });

  it('takes the log type from `type` and counts the types the source documents', () => {
    const counts: Record<string, number> = {};
    for (const e of events) counts[e.logType] = (counts[e.logType] ?? 0) + 1;
    expect(counts).toEqual({
      'attachment protect': 10,
      delivery: 10,
      journal: 10,
      process: 10,
      receipt: 10,
      spam: 11,
      'internal email protect': 1,
    });
  });

  it('gives distinct events distinct identities', () => {
    const distinctTexts = new Set(events.map((e) => JSON.stringify(e.data)));
    expect(new Set(events.map((e) => e.dedupeKey)).size).toBe(distinctTexts.size);
  });
});

describe('SIEM stream page fixture (XSOAR siem_raw_response.json)', () => {
  const text = fixture('paloalto_xsiam/MimecastEventCollector/siem_raw_response.json');
  const body = JSON.parse(text);

  it('splits value[] into events whose raw text is the exact slice of the page', () => {
    const events = recordsAt('stream', text, body, ['value'], SIEM_SHAPE);
    expect(events).toHaveLength(body.value.length);
    events.forEach((e, i) => {
      expect(text.includes(e.raw)).toBe(true);
      expect(JSON.parse(e.raw)).toEqual(body.value[i]);
      expect(e.logType).toBe(body.value[i].eventType);
    });
  });
});

describe('Sekoia v2 events (one raw event per file)', () => {
  const dir = path.resolve(repoRoot, '../shared/fixtures/sekoia/mimecast-email-security');
  const files = readdirSync(dir).filter((f) => f.endsWith('.json'));

  it('parses all of them, with the event time and a type from either spelling', () => {
    expect(files.length).toBeGreaterThan(20);
    for (const file of files) {
      const message = JSON.parse(readFileSync(path.join(dir, file), 'utf8')).input.message as string;
      const data = JSON.parse(message);
      const event = toRawEvent(message, data, SIEM_SHAPE);
      expect(event.raw).toBe(message);
      expect(event.time).toBe(data.timestamp ?? null);
      expect(event.logType).toBe(data.type ?? data.eventType);
    }
  });

  it('identifies a stream-spelled event and its batch-spelled twin as the same event', () => {
    const message = JSON.parse(fixture('sekoia/mimecast-email-security/test_av_logs.json')).input.message as string;
    const stream = JSON.parse(message);
    expect(stream.eventType).toBe('av');
    const { eventType, subType, ...rest } = stream;
    const batch = { _offset: 1234, _partition: 5, ...rest, type: eventType, subtype: subType };
    expect(SIEM_SHAPE.key(batch)).toBe(SIEM_SHAPE.key(stream));
    expect(SIEM_SHAPE.key({ ...batch, subject: 'other' })).not.toBe(SIEM_SHAPE.key(stream));
  });
});

describe('DLP and audit fixtures', () => {
  it('reads DLP eventTime (+0000) as UTC and skips the empty page envelope', () => {
    const records = lines(fixture('elastic/dlp_logs/test-dlp-logs.log')).map((l) => JSON.parse(l));
    const logs = records.filter((r) => r.eventTime !== undefined);
    expect(logs.length).toBeGreaterThan(10);
    for (const r of logs) {
      const iso = r.eventTime.replace(/([+-]\d{2})(\d{2})$/, '$1:$2');
      expect(DLP_SPEC.shape.time(r)).toBe(Date.parse(iso));
      expect(DLP_SPEC.shape.key(r)).toMatch(/^dlp:h:/);
    }
    const envelope = records.find((r) => r.meta !== undefined);
    expect(envelope).toBeDefined();
    expect(() => checkFailInside(envelope, 'dlp')).not.toThrow();
  });

  it('uses the audit record id as identity', () => {
    for (const line of lines(fixture('elastic/audit_events/test-audit-events.log'))) {
      const r = JSON.parse(line);
      if (typeof r.id !== 'string') continue;
      expect(AUDIT_SPEC.shape.key(r)).toBe(`auditEvent:id:${r.id}`);
      expect(AUDIT_SPEC.shape.time(r)).toBe(Date.parse(r.eventTime.replace(/([+-]\d{2})(\d{2})$/, '$1:$2')));
    }
  });

  it('reads an audit page envelope (XSOAR audit_raw_response.json)', () => {
    const text = fixture('paloalto_xsiam/MimecastEventCollector/audit_raw_response.json');
    const body = JSON.parse(text);
    checkFailInside(body, 'audit');
    const events = recordsAt('audit', text, body, ['data'], AUDIT_SPEC.shape);
    expect(events.map((e) => e.dedupeKey)).toEqual(body.data.map((r: { id: string }) => `auditEvent:id:${r.id}`));
  });
});

describe('error fixtures', () => {
  it('treats the Rapid7 fail[] body as a failure even with HTTP 200', () => {
    const body = JSON.parse(fixture('rapid7/mimecast_v2_monitor_siem_logs/monitor_siem_logs_error.json.resp'));
    expect(parseFailure(body)?.code).toBe('unauthorized');
    let caught: unknown;
    try {
      checkFailInside(body, 'siem');
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(MimecastError);
    expect((caught as MimecastError).code).toBe('mimecast.failResponse');
  });
});
