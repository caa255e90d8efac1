import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { conformanceDir, conformanceFile, conformanceTitle } from '../core/test-conformance.js';
import { expectedCounts, expectedEvents, heldMessagesAt, SIEM_TYPES } from './index.js';
import { T0 } from './test-support.js';

const DAY = 86_400_000;
const options = { seed: 3 };
const day = expectedEvents(options, 'siem', T0 - DAY, T0, 'batch');

/** Every real API 2.0 CG event in the fixtures, keyed as batch files spell them. */
function fixtureEvents(): Record<string, unknown>[] {
  const events: Record<string, unknown>[] = [];
  const sekoia = conformanceFile('sekoia/mimecast-email-security');
  for (const file of readdirSync(sekoia)) {
    const wrapper = JSON.parse(readFileSync(path.join(sekoia, file), 'utf8')) as { input: { message: string } };
    events.push(JSON.parse(wrapper.input.message) as Record<string, unknown>);
  }
  for (const line of readFileSync(conformanceFile('elastic/siem_logs/test-siem-v2-logs.log'), 'utf8').split('\n')) {
    if (line.trim()) events.push(JSON.parse(line) as Record<string, unknown>);
  }
  return events.map((e) => {
    const { eventType, subType, ...rest } = e;
    return eventType === undefined ? e : { ...rest, type: eventType, subtype: subType };
  });
}

describe('generated SIEM data', () => {
  it('is a pure function of seed and time', () => {
    expect(expectedEvents(options, 'siem', T0 - DAY, T0, 'batch')).toEqual(day);
    const other = expectedEvents({ seed: 4 }, 'siem', T0 - DAY, T0, 'batch');
    expect(other.map((e) => e.key)).not.toEqual(day.map((e) => e.key));
    const slice = expectedEvents(options, 'siem', T0 - 3_600_000, T0 - 1_800_000, 'batch');
    expect(slice).toEqual(day.filter((e) => e.time >= T0 - 3_600_000 && e.time < T0 - 1_800_000));
  });

  it('the default volume gives a few thousand events a day, of all ten types, with unique keys', () => {
    expect(day.length).toBeGreaterThan(3000);
    expect(day.length).toBeLessThan(8000);
    expect(new Set(day.map((e) => e.logType))).toEqual(new Set(SIEM_TYPES));
    expect(new Set(day.map((e) => e.key)).size).toBe(day.length);
    const counts = expectedCounts(options, 'siem', T0 - DAY, T0);
    const byType: Record<string, number> = { total: day.length };
    for (const e of day) byType[e.logType] = (byType[e.logType] ?? 0) + 1;
    expect(counts).toEqual(byType);
  });

  it('messages flow receipt → process → delivery under one aggregateId', () => {
    const byAggregate = new Map<string, string[]>();
    for (const e of day) {
      const id = String(e.record.aggregateId);
      byAggregate.set(id, [...(byAggregate.get(id) ?? []), e.logType]);
    }
    const flows = [...byAggregate.values()];
    expect(flows.every((types) => types[0] === 'receipt')).toBe(true);
    const delivered = flows.filter((types) => types.includes('delivery'));
    expect(delivered.length).toBeGreaterThan(flows.length / 2);
    expect(delivered.every((types) => types.indexOf('process') < types.indexOf('delivery'))).toBe(true);
  });

  it('has realistic variety: directions, actions, TLS, countries and private addresses', () => {
    const receipts = day.filter((e) => e.logType === 'receipt').map((e) => e.record);
    const values = (field: string) => new Set(receipts.map((r) => r[field]));
    expect(values('direction')).toEqual(new Set(['Inbound', 'Outbound', 'Internal']));
    expect(values('action')).toEqual(new Set(['Acc', 'Rej']));
    expect(values('tlsVersion')).toEqual(new Set(['TLSv1.2', 'TLSv1.3', '']));
    const processActions = new Set(day.filter((e) => e.logType === 'process').map((e) => e.record.action));
    expect(processActions).toEqual(new Set(['Acc', 'Hld', 'Sdbx']));
    const ips = receipts.map((r) => String(r.senderIp));
    const prefixes = new Set(ips.filter((ip) => !ip.startsWith('10.')).map((ip) => ip.split('.').slice(0, 3).join('.')));
    expect(prefixes).toEqual(new Set(['81.2.69', '2.125.160', '216.160.83', '89.160.20', '175.16.199', '67.43.156', '202.196.224']));
    expect(ips.some((ip) => ip.startsWith('10.'))).toBe(true);
    const encodings = new Set(
      receipts
        .map((r) => r.spamProcessingDetail)
        .filter((d) => d !== null)
        .map((d) => (typeof d === 'object' ? 'object' : String(d).startsWith('"') ? 'double' : 'text')),
    );
    expect(encodings).toEqual(new Set(['object', 'text', 'double']));
    expect(new Set(receipts.map((r) => r.rejectionType)).size).toBeGreaterThan(4);
  });
});

describe.skipIf(!conformanceDir)(conformanceTitle('generated SIEM data against the public samples'), () => {
  it('carries at least every field the real samples of each type carry', () => {
    const ignored = new Set(['ANONYMIZEDId', 'taggedExternal', 'taggedMalicious']);
    const realKeys = new Map<string, Set<string>>();
    for (const e of fixtureEvents()) {
      const keys = realKeys.get(String(e.type)) ?? new Set<string>();
      for (const k of Object.keys(e)) if (!ignored.has(k) && !k.includes('@')) keys.add(k);
      realKeys.set(String(e.type), keys);
    }
    expect(realKeys.size).toBe(10);
    for (const [type, keys] of realKeys) {
      const ours = new Set(day.filter((e) => e.logType === type).flatMap((e) => Object.keys(e.record)));
      const missing = [...keys].filter((k) => !ours.has(k));
      expect(missing, type).toEqual([]);
    }
  });
});

describe('generated /api/* data', () => {
  it('DLP records carry the documented fields and several policies and actions', () => {
    const dlp = expectedEvents(options, 'dlp', T0 - 7 * DAY, T0).map((e) => e.record);
    expect(Object.keys(dlp[0] ?? {}).sort()).toEqual(
      ['action', 'eventTime', 'messageId', 'policy', 'recipientAddress', 'route', 'senderAddress', 'subject'].sort(),
    );
    expect(new Set(dlp.map((r) => r.policy)).size).toBeGreaterThan(4);
    expect(new Set(dlp.map((r) => r.action))).toEqual(new Set(['hold', 'notification', 'bounce', 'smart_folder']));
    expect(dlp.every((r) => /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+0000$/.test(String(r.eventTime)))).toBe(true);
  });

  it('audit events have unique ids and several types and categories', () => {
    const audit = expectedEvents(options, 'auditEvent', T0 - 7 * DAY, T0);
    expect(new Set(audit.map((e) => e.record.id)).size).toBe(audit.length);
    expect(new Set(audit.map((e) => e.record.auditType)).size).toBeGreaterThan(6);
    expect(new Set(audit.map((e) => e.record.category)).size).toBeGreaterThan(4);
  });

  it('held messages have stable ids, reasons and arrive and leave over time', () => {
    const now = heldMessagesAt(options, T0);
    const later = heldMessagesAt(options, T0 + DAY);
    expect(now.length).toBeGreaterThan(10);
    const ids = new Set(now.map((e) => e.key));
    expect(later.some((e) => ids.has(e.key))).toBe(true);
    expect(later.some((e) => !ids.has(e.key))).toBe(true);
    expect(now.some((e) => !later.some((l) => l.key === e.key))).toBe(true);
    const record = now[0]?.record ?? {};
    expect(record).toMatchObject({
      route: 'INBOUND',
      reason: expect.any(String),
      reasonCode: expect.any(String),
      policyInfo: expect.any(String),
    });
    expect(new Set(now.map((e) => e.record.reasonCode)).size).toBeGreaterThan(3);
  });
});
