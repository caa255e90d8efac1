import type { CollectorLiveness, CollectorView, SourceView } from '../model/api-views.js';
import type { CollectorRecord, ProcessRecord } from '../model/collector.js';
import type { HealthEventRecord } from '../model/health-event.js';
import type { DataType } from '../model/message.js';
import type { PushReceiverRecord } from '../model/push.js';
import type { CollectionStats, SourceRecord } from '../model/source.js';
import type { SourceConfig } from '../model/source-config.js';
import { maskedConfig } from '../model/source-config.js';

const PROCESS_HISTORY_MS = 24 * 3600_000;

export function collectorLiveness(processes: readonly ProcessRecord[], now: number, aliveWithinMs: number): CollectorLiveness {
  // Processes that stopped long ago (restarts leave their records behind) are history, not status.
  const views = processes
    .filter((p) => now - p.lastSeenAlive <= PROCESS_HISTORY_MS)
    .map((p) => ({
      name: p.holder,
      hostname: p.hostname,
      alive: now - p.lastSeenAlive <= aliveWithinMs,
      lastSeenAlive: new Date(p.lastSeenAlive).toISOString(),
    }))
    .sort((a, b) => a.name.localeCompare(b.name));
  const last = processes.reduce<number | null>((max, p) => (max === null || p.lastSeenAlive > max ? p.lastSeenAlive : max), null);
  return { alive: views.some((p) => p.alive), lastSeenAlive: iso(last), processes: views };
}

/** Every process may collect any source of a hosted collector, so the collector is alive while one of them is. */
export function collectorJson(c: CollectorRecord, liveness: CollectorLiveness): CollectorView {
  return {
    id: c.id,
    name: c.name,
    description: c.description,
    category: c.category,
    fields: c.fields,
    collectorType: c.collectorType,
    ...liveness,
    createdAt: new Date(c.createdAt).toISOString(),
    links: [{ rel: 'sources', href: `/v1/collectors/${c.id}/sources` }],
  };
}

/** Custom fields the fields schema does not know: they are dropped from the source's messages. */
export function droppedFields(config: SourceConfig, schemaFields: ReadonlySet<string>): string[] {
  return Object.keys(config.fields).filter((name) => !name.startsWith('_') && !schemaFields.has(name));
}

function iso(ms: number | null | undefined): string | null {
  return ms === null || ms === undefined ? null : new Date(ms).toISOString();
}

export interface SourceViewContext {
  openEvents: HealthEventRecord[];
  stats: Partial<Record<DataType, CollectionStats>>;
  schemaFields: ReadonlySet<string>;
  pushReceiver: PushReceiverRecord | undefined;
  /** The time the lag of each data type is measured to. */
  now: number;
}

/**
 * A source that collects while one of its data types fails (or an open event says so) is degraded, not
 * down: `Warning`. `Error` is for a source that collects nothing (in Error, or failing before it collects).
 */
function healthStatus(s: SourceRecord, errors: number, warnings: number): SourceView['health']['status'] {
  const { state, dataTypes } = s.state;
  if (state === 'Error') return 'Error';
  const typeFailing = Object.values(dataTypes ?? {}).some((t) => t.state === 'Error');
  if (state === 'Collecting') return errors + warnings > 0 || typeFailing ? 'Warning' : 'Healthy';
  return errors > 0 ? 'Error' : warnings > 0 ? 'Warning' : 'Healthy';
}

export function sourceJson(s: SourceRecord, ctx: SourceViewContext): SourceView {
  const { dataTypes, ...state } = s.state;
  const errors = ctx.openEvents.filter((e) => e.severityLevel === 'Error').length;
  const warnings = ctx.openEvents.filter((e) => e.severityLevel === 'Warning').length;
  const status = healthStatus(s, errors, warnings);
  const collection: SourceView['collection'] = {};
  for (const dataType of s.config.dataCollection) {
    const st = ctx.stats[dataType];
    const own = dataTypes?.[dataType];
    const last = st?.lastMessageTime ?? null;
    collection[dataType] = {
      state: own?.state ?? 'Pending',
      messages: st?.messages ?? 0,
      dropped: st?.dropped ?? 0,
      lastMessageTime: iso(last),
      lastPollAt: iso(st?.lastPollAt),
      lagSec: last === null ? null : Math.max(0, Math.round((ctx.now - last) / 1000)),
      error: own?.error ?? null,
      nextAttemptAt: own?.nextAttemptAt ?? null,
    };
  }
  return {
    id: s.id,
    name: s.config.name,
    config: maskedConfig(s.config),
    schemaRef: { type: 'Mimecast', version: '1.0.0' },
    sourceType: 'Universal',
    alive: true,
    state,
    generation: s.generation,
    observedGeneration: s.observedGeneration,
    health: { status, errors: Math.max(errors, state.state === 'Error' ? 1 : 0), warnings },
    collection,
    push: ctx.pushReceiver ? { messages: ctx.pushReceiver.messages, lastPushAt: iso(ctx.pushReceiver.lastPushAt) } : null,
    droppedFields: droppedFields(s.config, ctx.schemaFields),
  };
}

/** `?download=true`: ready to POST elsewhere (no id, state, health or progress; the secret still masked). */
export function sourceDownloadJson(s: SourceRecord) {
  return {
    'api.version': 'v1',
    source: { config: maskedConfig(s.config), schemaRef: { type: 'Mimecast' }, sourceType: 'Universal' },
  };
}

export function etag(version: number): string {
  return `"${version}"`;
}
