import type { Clock } from '../../../core/clock.js';
import type { MonitorTemplate } from '../../../model/monitor.js';
import type { Services } from '../../../services/index.js';
import { makeMessage } from '../../../store/__fixtures__/builders.js';
import type { Store } from '../../../store/store.js';
import { buildMonitor } from '../build.js';
import { DEFAULT_EMBARGOED_COUNTRIES, MIMECAST_DETECTIONS } from '../pack.js';

/**
 * For every monitor of the pack, data that must fire it and data that must not. `setUpCases` stores each
 * case's two data sets under a data source of their own (`_sourceCategory=fire-N`, `quiet-N`) with a
 * monitor over each, so all of them are evaluated in one run over one store.
 */

const MINUTE = 60_000;

/** A stored event: its JSON, how long ago it happened (and was received), and its data type. */
interface Event {
  json: Record<string, unknown>;
  agoMs?: number;
  receivedAgoMs?: number;
  sourceName?: string;
}

export interface Case {
  monitor: string;
  fire: Event[];
  quiet: Event[];
  /** Alerts the fire data opens (one per series for per-series monitors); default 1. */
  alerts?: number;
  triggerType?: string;
}

const siem = (json: Record<string, unknown>, agoMs = MINUTE): Event => ({ json, agoMs, sourceName: 'siem' });
const times = (n: number, make: (i: number) => Event): Event[] => Array.from({ length: n }, (_, i) => make(i));
const audit = (id: string, auditType: string, ip: string): Event => ({
  json: {
    id,
    auditType,
    user: 'jo@demo-corp.example',
    eventTime: '2026-11-20T11:59:00+0000',
    eventInfo: `Failed authentication for jo@demo-corp.example, Date: 2026-11-20, Time: 11:59:00+0000, IP: ${ip}, Application: mimecast-moa`,
    category: 'authentication_logs',
  },
  sourceName: 'auditEvent',
});
const click = (scanResult: string, action: string): Event => ({
  json: { userEmailAddress: 'jo@demo-corp.example', url: 'https://login.bad.example/x', scanResult, action, category: 'Phishing & Fraud' },
  sourceName: 'ttpUrlLogs',
});
const attachment = (result: string): Event => ({
  json: { senderAddress: 'x@bad.example', recipientAddress: 'jo@demo-corp.example', fileName: 'a.xlsm', fileHash: 'ab12', result },
  sourceName: 'ttpAttachmentLogs',
});
const impersonation = (taggedMalicious: boolean): Event => ({
  json: {
    id: `MTOKEN:${taggedMalicious}`,
    senderAddress: 'ceo@dem0-corp.example',
    recipientAddress: 'jo@demo-corp.example',
    taggedMalicious,
  },
  sourceName: 'ttpImpersonationLogs',
});
const dlp = (action: string, policy: string, messageId: string): Event => ({
  json: { senderAddress: 'jo@demo-corp.example', recipientAddress: 'x@other.example', route: 'outbound', policy, action, messageId },
  sourceName: 'dlp',
});
const release = (status: string, spamScore: number): Event => ({
  json: { id: `r-${status}-${spamScore}`, status, heldReason: 'Spam', spamScore, operator: { emailAddress: 'admin@demo-corp.example' } },
  sourceName: 'heldReleaseLogs',
});

export const CASES: Case[] = [
  {
    monitor: 'Mimecast - Sender from Embargoed Geo Locations',
    // 5.160.0.1 is in Iran, 8.8.8.8 in the United States (GeoLite2).
    fire: [siem({ eventType: 'receipt', senderIp: '5.160.0.1' })],
    quiet: [siem({ type: 'receipt', senderIp: '8.8.8.8' }), siem({ type: 'delivery', destinationIp: '5.160.0.1' })],
  },
  {
    monitor: 'Mimecast - Receiver from Embargoed Geo Locations',
    // 175.45.176.1 is in North Korea: more than 10 deliveries fire, 10 do not.
    fire: times(11, () => siem({ type: 'delivery', destinationIp: '175.45.176.1' })),
    quiet: [
      ...times(10, () => siem({ type: 'delivery', destinationIp: '175.45.176.1' })),
      ...times(5, () => siem({ type: 'delivery', destinationIp: '8.8.8.8' })),
    ],
  },
  {
    monitor: 'Mimecast - Repeated Logon Authentication Failures from One Address',
    fire: [
      ...times(5, (i) => audit(`f${i}`, 'Logon Authentication Failed', '203.0.113.9')),
      audit('g', 'Logon Authentication Failed', '198.51.100.7'),
    ],
    // Four failures (one record stored twice) from one address, three from another, successes do not count.
    quiet: [
      ...times(4, (i) => audit(`f${i}`, 'Logon Authentication Failed', '203.0.113.9')),
      audit('f0', 'Logon Authentication Failed', '203.0.113.9'),
      ...times(3, (i) => audit(`g${i}`, 'Logon Authentication Failed', '198.51.100.7')),
      ...times(5, (i) => audit(`s${i}`, 'User Logged On', '203.0.113.9')),
    ],
  },
  {
    monitor: 'Mimecast - Malicious URL Click Not Blocked',
    fire: [click('malicious', 'warn')],
    quiet: [click('malicious', 'block'), click('clean', 'allow')],
  },
  {
    monitor: 'Mimecast - Attachment Protect Result Not Safe',
    fire: [attachment('malicious')],
    quiet: [attachment('safe')],
  },
  {
    monitor: 'Mimecast - Impersonation Tagged Malicious',
    fire: [impersonation(true)],
    quiet: [impersonation(false)],
  },
  {
    monitor: 'Mimecast - Internal Email Protect Hits',
    fire: [siem({ type: 'internal email protect', urlCategory: 'Compromised', scanResults: 'Blocked URL Category' })],
    quiet: [siem({ type: 'receipt', direction: 'Internal' }), siem({ eventType: 'url protect', action: 'Block' })],
  },
  {
    monitor: 'Mimecast - Virus Found on Receipt',
    fire: [siem({ eventType: 'receipt', action: 'Rej', virusFound: 'Trojan.GenericKD' })],
    quiet: [siem({ eventType: 'receipt', action: 'Acc', virusFound: null }), siem({ type: 'delivery', virusFound: '' })],
  },
  {
    monitor: 'Mimecast - DLP Notification and Hold Actions',
    // One alert per policy and action: PCI hold, PCI notification, GDPR hold.
    fire: [dlp('hold', 'PCI', 'm1'), dlp('notification', 'PCI', 'm1'), dlp('hold', 'GDPR', 'm2'), dlp('bounce', 'GDPR', 'm3')],
    quiet: [dlp('bounce', 'PCI', 'm1'), dlp('smart_folder', 'GDPR', 'm2')],
    alerts: 3,
    triggerType: 'Warning',
  },
  {
    monitor: 'Mimecast - Released Message with a High Spam Score',
    fire: [release('released', 9)],
    quiet: [release('released', 3), release('rejected', 9)],
    triggerType: 'Warning',
  },
  {
    monitor: 'Mimecast - Spike in Rejections or Holds',
    // 25 in the last hour against 2 in that hour on each of the 7 days before: a spike (the 100 twelve hours
    // ago are in no compared window). 25 against 10 in that hour each day is not, though the last 23 hours
    // alone (10 an hour on one day) would have made it one.
    fire: [
      ...times(20, () => siem({ type: 'receipt', action: 'Rej' }, 5 * MINUTE)),
      ...times(5, () => siem({ type: 'process', action: 'Hld' }, 30 * MINUTE)),
      ...times(14, (i) => siem({ type: 'receipt', action: 'Rej' }, ((1 + (i % 7)) * 24 * 60 + 10) * MINUTE)),
      ...times(100, () => siem({ type: 'receipt', action: 'Rej' }, 12 * 60 * MINUTE)),
      ...times(30, () => siem({ type: 'receipt', action: 'Acc' }, 5 * MINUTE)),
    ],
    quiet: [
      ...times(25, () => siem({ type: 'receipt', action: 'Rej' }, 5 * MINUTE)),
      ...times(70, (i) => siem({ type: 'process', action: 'Hld' }, ((1 + (i % 7)) * 24 * 60 + 20) * MINUTE)),
    ],
    triggerType: 'Warning',
  },
  {
    monitor: 'Mimecast - Collection Health: No Data from a Data Type',
    // The DLP data stopped 90 minutes ago, the SIEM data flows.
    fire: [
      { json: { action: 'hold' }, agoMs: 95 * MINUTE, receivedAgoMs: 90 * MINUTE, sourceName: 'dlp' },
      { json: { type: 'receipt' }, agoMs: 5 * MINUTE, sourceName: 'siem' },
    ],
    quiet: [
      { json: { action: 'hold' }, agoMs: 40 * MINUTE, receivedAgoMs: 30 * MINUTE, sourceName: 'dlp' },
      { json: { type: 'receipt' }, agoMs: 5 * MINUTE, sourceName: 'siem' },
    ],
    triggerType: 'Warning',
  },
  {
    monitor: 'Mimecast - Collection Health: No Data from a Data Type',
    // Nothing at all for 24 hours.
    fire: [],
    quiet: [{ json: { type: 'receipt' }, agoMs: 23 * 60 * MINUTE, receivedAgoMs: 10 * MINUTE, sourceName: 'siem' }],
    triggerType: 'MissingData',
  },
];

function template(name: string): MonitorTemplate {
  const found = MIMECAST_DETECTIONS.find((m) => m.name === name);
  if (!found) throw new Error(`no detection named ${name}`);
  return found;
}

/** Stores every case's data, creates its two monitors and returns their ids, case by case. */
export async function setUpCases(store: Store, services: Services, clock: Clock): Promise<{ fire: string; quiet: string }[]> {
  let seq = 0;
  const out: { fire: string; quiet: string }[] = [];
  for (const [i, c] of CASES.entries()) {
    const ids = { fire: '', quiet: '' };
    for (const kind of ['fire', 'quiet'] as const) {
      const events = c[kind];
      if (events.length > 0) {
        await store.messages.append(
          events.map((e) =>
            makeMessage('S1', `e${seq++}`, {
              raw: JSON.stringify(e.json),
              messageTime: clock.now() - (e.agoMs ?? MINUTE),
              receiptTime: clock.now() - (e.receivedAgoMs ?? e.agoMs ?? MINUTE),
              sourceCategory: `${kind}-${i}`,
              sourceName: e.sourceName ?? 'siem',
            }),
          ),
        );
      }
      const body = buildMonitor(template(c.monitor), `_sourceCategory=${kind}-${i}`, DEFAULT_EMBARGOED_COUNTRIES);
      ids[kind] = String((await services.monitors.create(undefined, body, 'suTEST')).id);
    }
    out.push(ids);
  }
  return out;
}

/** The test table: one row per case. */
export const caseRows = () => CASES.map((c, i) => [c.monitor, c.triggerType ?? 'Critical', i] as const);
