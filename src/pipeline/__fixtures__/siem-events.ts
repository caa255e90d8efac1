import type { RawEvent } from '../../model/message.js';

/**
 * SIEM batch-file lines written for the pipeline tests: one or more per log type, spelled as Mimecast's
 * batch files are (`type`/`subtype`, `"key": value` with a space after the colon, numbers as strings),
 * with invented addresses. The name of each is its dedupe key.
 */
const T = 1_763_600_000_000;
const receipt = {
  aggregateId: 'agg-0001',
  processingId: 'proc-0001',
  accountId: 'CUS0001',
  timestamp: T,
  action: 'Acc',
  senderEnvelope: 'alice@sender.test',
  messageId: '<m0001@sender.test>',
  subject: 'Quarterly figures',
  recipients: 'bob@corp.test',
  senderIp: '192.0.2.10',
  rejectionType: null,
  direction: 'Inbound',
  numberAttachments: '0',
  senderHeader: 'alice@sender.test',
  tlsVersion: 'TLSv1.3',
  tlsCipher: 'TLS_AES_256_GCM_SHA384',
  type: 'receipt',
  subtype: 'Acc',
};
const LINES: Record<string, Record<string, unknown>> = {
  receipt,
  'receipt-rejected': {
    ...receipt,
    aggregateId: 'agg-0002',
    timestamp: T + 1000,
    action: 'Rej',
    rejectionType: 'Spam Signature',
    subtype: 'Rej',
  },
  'receipt-other': { ...receipt, aggregateId: 'agg-0003', timestamp: T + 2000, subject: 'Invoice', recipients: 'carol@corp.test' },
  process: { aggregateId: 'agg-0001', timestamp: T + 3000, action: 'Acc', subject: 'Quarterly figures', type: 'process', subtype: 'Acc' },
  delivery: {
    aggregateId: 'agg-0001',
    timestamp: T + 4000,
    delivered: 'true',
    recipients: 'bob@corp.test',
    tlsUsed: 'Yes',
    type: 'delivery',
  },
  journal: { aggregateId: 'agg-0004', timestamp: T + 5000, recipients: 'archive@corp.test', type: 'journal' },
  spam: { aggregateId: 'agg-0002', timestamp: T + 6000, senderEnvelope: 'spam@bulk.test', type: 'spam' },
  av: { aggregateId: 'agg-0005', timestamp: T + 7000, fileName: 'x.exe', virusFound: 'Eicar', type: 'av' },
  'attachment-protect': { aggregateId: 'agg-0006', timestamp: T + 8000, recipient: 'bob@corp.test', type: 'attachment protect' },
  'url-protect': { aggregateId: 'agg-0007', timestamp: T + 9000, url: 'https://bad.test/', action: 'Block', type: 'url protect' },
  'internal-email-protect': { aggregateId: 'agg-0008', timestamp: T + 10_000, type: 'internal email protect' },
};

/** Object text as the batch files spell it: `{"key": value, "key": value}`. */
function batchText(data: Record<string, unknown>): string {
  return `{${Object.entries(data)
    .map(([k, v]) => `${JSON.stringify(k)}: ${JSON.stringify(v)}`)
    .join(', ')}}`;
}

/** Every line, in the order above, as a source hands it on. */
export function siemEvents(): { name: string; event: RawEvent }[] {
  return Object.entries(LINES).map(([name, data]) => {
    const raw = batchText(data);
    const time = typeof data.timestamp === 'number' ? data.timestamp : null;
    return { name, event: { raw, data: JSON.parse(raw), dedupeKey: name, time, logType: String(data.type) } };
  });
}

export function siemEvent(name: string): RawEvent {
  const found = siemEvents().find((e) => e.name === name);
  if (found === undefined) throw new Error(`no fixture ${name}`);
  return found.event;
}
