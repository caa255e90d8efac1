import { type DataType, MAIN_INDEX, type Message, type RawEvent } from '../model/message.js';
import { type CompiledRules, hasRules, type RuleOutcome, RulePacer, ruleOutcome } from './rules.js';

/** What every message of one poll of one data type shares. */
export interface MessageContext {
  sourceId: string;
  /** The source's `config.name`: `_source`. */
  sourceName: string;
  sourceCategory: string;
  collectorName: string;
  /** `_sourceName`. */
  dataType: DataType;
  sourceHost: string;
  /** The source's custom fields, already filtered by the fields schema. */
  fields: Record<string, string | boolean>;
  siemForward: boolean;
  receiptTime: number;
  rules: CompiledRules;
}

const SIEM_EVENT_IDS: Record<string, string> = {
  receipt: 'receipt',
  process: 'process',
  delivery: 'delivery',
  av: 'av',
  spam: 'spam',
  journal: 'jrnl',
  jrnl: 'jrnl',
  ttp: 'ttp',
  'url protect': 'ttp',
  'attachment protect': 'ttp',
  'impersonation protect': 'ttp',
  'internal email protect': 'iep',
  iep: 'iep',
};

const NON_SIEM_EVENT_IDS: Record<Exclude<DataType, 'siem'>, string> = {
  dlp: 'dlp',
  auditEvent: 'audit',
  holdMessageList: 'hold',
  // The TTP logs are the API form of the SIEM TTP events.
  ttpUrlLogs: 'ttp',
  ttpAttachmentLogs: 'ttp',
  ttpImpersonationLogs: 'ttp',
  heldReleaseLogs: 'held_release',
  archiveSearchLogs: 'archive_search',
  cloudIntegrated: 'cloud_integrated',
  threatIntelFeed: 'threat_intel',
};

/** `_siemEventID`: the Mimecast log type in the short form Cloud SIEM knows (`jrnl`, `ttp`, …). */
export function siemEventId(dataType: DataType, logType: string): string {
  if (dataType !== 'siem') return NON_SIEM_EVENT_IDS[dataType];
  const key = logType.trim().toLowerCase();
  return SIEM_EVENT_IDS[key] ?? (key.startsWith('ttp') ? 'ttp' : key.replace(/\s+/g, '_'));
}

function baseFields(ctx: MessageContext): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(ctx.fields)) out[name] = String(value);
  return out;
}

/** A page of events as messages: `dropped` counts those not stored, `oversized` those of them that rules grew past the limit. */
export interface BuiltMessages {
  messages: Message[];
  dropped: number;
  oversized: number;
}

/**
 * Turns a source's raw events into messages: processing rules on the raw text (dropping some), then metadata.
 * Events are parsed once: `parsed` reuses the event's data unless a rule rewrote the text. The rules run at
 * once: for tools and tests; the collector uses buildMessagesPaced.
 */
export function buildMessages(events: readonly RawEvent[], ctx: MessageContext): BuiltMessages {
  const rules = hasRules(ctx.rules) ? ctx.rules : undefined;
  return assemble(events, ctx, rules === undefined ? () => undefined : (i) => ruleOutcome(rules, events[i].raw));
}

/** buildMessages with the rules run by a RulePacer, so a page under a heavy rule set shares the event loop with the API. */
export async function buildMessagesPaced(events: readonly RawEvent[], ctx: MessageContext): Promise<BuiltMessages> {
  if (!hasRules(ctx.rules)) return buildMessages(events, ctx);
  const pacer = new RulePacer(ctx.rules);
  const outcomes: RuleOutcome[] = [];
  for (const event of events) outcomes.push(await pacer.apply(event.raw));
  return assemble(events, ctx, (i) => outcomes[i]);
}

/** The messages of `events`, given what the rules did to the i-th (undefined: no rules). */
function assemble(events: readonly RawEvent[], ctx: MessageContext, outcome: (i: number) => RuleOutcome | undefined): BuiltMessages {
  const fields = baseFields(ctx);
  // One fields object per _siemEventID, shared by the messages that have it (the store serialises each once).
  const byEventId = new Map<string, Record<string, string>>();
  const fieldsFor = (logType: string): Record<string, string> => {
    if (!ctx.siemForward) return fields;
    const id = siemEventId(ctx.dataType, logType);
    let shared = byEventId.get(id);
    if (shared === undefined) {
      shared = { ...fields, _siemVendor: 'Mimecast', _siemProduct: 'Mimecast', _siemFormat: 'JSON', _siemEventID: id };
      byEventId.set(id, shared);
    }
    return shared;
  };
  const messages: Message[] = [];
  let dropped = 0;
  let oversized = 0;
  events.forEach((event, i) => {
    let raw = event.raw;
    let parsed: Record<string, unknown> | undefined = event.data;
    const ruled = outcome(i);
    if (ruled !== undefined) {
      if (!ruled.kept) {
        dropped++;
        if (ruled.reason === 'oversized') oversized++;
        return;
      }
      if (ruled.text !== event.raw) {
        raw = ruled.text;
        parsed = reparse(ruled.text);
      }
    }
    messages.push({
      raw,
      messageTime: event.time ?? ctx.receiptTime,
      receiptTime: ctx.receiptTime,
      dedupeKey: event.dedupeKey,
      sourceId: ctx.sourceId,
      source: ctx.sourceName,
      sourceCategory: ctx.sourceCategory,
      collector: ctx.collectorName,
      sourceName: ctx.dataType,
      sourceHost: ctx.sourceHost,
      index: MAIN_INDEX,
      fields: fieldsFor(event.logType),
      parsed,
    });
  });
  return { messages, dropped, oversized };
}

function reparse(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
