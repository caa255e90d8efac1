import { describe, expect, it } from 'vitest';
import type { RawEvent } from '../model/message.js';
import { siemEvent, siemEvents } from './__fixtures__/siem-events.js';
import { buildMessages, type MessageContext, siemEventId } from './messages.js';
import { compileRules } from './rules.js';

const context = (overrides: Partial<MessageContext> = {}): MessageContext => ({
  sourceId: 'S1',
  sourceName: 'Mimecast EU',
  sourceCategory: 'Mimecast',
  collectorName: 'Hosted',
  dataType: 'siem',
  sourceHost: 'api.services.mimecast.com',
  fields: { team: 'soc', _siemForward: true },
  siemForward: true,
  receiptTime: 1_763_640_000_000,
  rules: compileRules([], { hashAlgorithm: 'MD5' }),
  ...overrides,
});

describe('buildMessages', () => {
  it('sets every metadata field on SIEM events', () => {
    const event = siemEvent('receipt');
    const { messages, dropped } = buildMessages([event], context());
    expect(dropped).toBe(0);
    expect(messages).toEqual([
      {
        raw: event.raw,
        messageTime: 1_763_600_000_000,
        receiptTime: 1_763_640_000_000,
        dedupeKey: 'receipt',
        sourceId: 'S1',
        source: 'Mimecast EU',
        sourceCategory: 'Mimecast',
        collector: 'Hosted',
        sourceName: 'siem',
        sourceHost: 'api.services.mimecast.com',
        index: 'main',
        fields: {
          team: 'soc',
          _siemForward: 'true',
          _siemVendor: 'Mimecast',
          _siemProduct: 'Mimecast',
          _siemFormat: 'JSON',
          _siemEventID: 'receipt',
        },
        parsed: event.data,
      },
    ]);
    expect(messages[0].parsed).toBe(event.data);
  });

  it('maps each SIEM log type to its _siemEventID', () => {
    const ids = Object.fromEntries(
      buildMessages(
        siemEvents().map((e) => e.event),
        context(),
      ).messages.map((m) => [m.dedupeKey, m.fields._siemEventID]),
    );
    expect(ids).toEqual({
      'attachment-protect': 'ttp',
      av: 'av',
      delivery: 'delivery',
      'internal-email-protect': 'iep',
      'receipt-other': 'receipt',
      'receipt-rejected': 'receipt',
      journal: 'jrnl',
      process: 'process',
      receipt: 'receipt',
      spam: 'spam',
      'url-protect': 'ttp',
    });
    expect(siemEventId('siem', 'Impersonation Protect')).toBe('ttp');
    expect(siemEventId('dlp', 'whatever')).toBe('dlp');
    expect(siemEventId('auditEvent', 'audit')).toBe('audit');
    expect(siemEventId('holdMessageList', 'hold')).toBe('hold');
  });

  it('adds no _siem fields without _siemForward, and uses the receipt time when the event has none', () => {
    const event: RawEvent = { raw: '{"a":1}', data: { a: 1 }, dedupeKey: 'k', time: null, logType: 'dlp' };
    const [m] = buildMessages([event], context({ dataType: 'dlp', siemForward: false, fields: { team: 'soc' } })).messages;
    expect(m.fields).toEqual({ team: 'soc' });
    expect(m.messageTime).toBe(1_763_640_000_000);
    expect(m.sourceName).toBe('dlp');
  });

  it('drops and counts what the rules filter out, and re-parses rewritten text', () => {
    const events = siemEvents().map((e) => e.event);
    const rules = compileRules(
      [
        { name: 'receipts', filterType: 'Include', regexp: '.*"type": ?"receipt".*' },
        { name: 'rcpt', filterType: 'Mask', regexp: '"recipients": ?"([^"]+)"' },
      ],
      { hashAlgorithm: 'MD5' },
    );
    const { messages, dropped } = buildMessages(events, context({ rules }));
    expect(messages).toHaveLength(3);
    expect(dropped).toBe(events.length - 3);
    for (const m of messages) {
      expect(m.raw).not.toContain('@corp.test');
      expect(m.parsed?.recipients).toBe('#####');
      expect(JSON.parse(m.raw)).toEqual(m.parsed);
    }
  });
});
