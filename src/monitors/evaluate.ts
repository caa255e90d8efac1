import { randomBytes } from 'node:crypto';
import type { Clock } from '../core/clock.js';
import type { Logger } from '../core/logger.js';
import type { ConnectionRecord } from '../model/connection.js';
import {
  ALERTING_TRIGGER_TYPES,
  type AlertingTriggerType,
  type MonitorItem,
  type MonitorNotification,
  meetsThreshold,
  type Trigger,
  type TriggerType,
  timeRangeMs,
} from '../model/monitor.js';
import { valueToString } from '../query/values.js';
import type { SearchService } from '../search/search-service.js';
import type { AlertRecord, NewDelivery } from '../store/alerts.js';
import type { Store } from '../store/store.js';
import { type AlertVariables, renderPayload } from './payload.js';

/**
 * One evaluation of one Logs monitor: run its query over each trigger's window, compare, and open or resolve
 * alerts (with the notifications they owe, rendered now) through the alerts repository, whose open/resolve
 * are idempotent: evaluating twice, or in two processes, changes the state once.
 */

export interface EvaluatorDeps {
  store: Pick<Store, 'alerts' | 'connections'>;
  search: Pick<SearchService, 'run'>;
  clock: Clock;
  logger: Logger;
}

/** Rows a payload's `{{ResultsJson}}` carries at most. */
export const MAX_RESULTS_IN_PAYLOAD = 10;

interface WindowResult {
  from: number;
  to: number;
  kind: 'messages' | 'records';
  /** Result rows with every value as text, as the Search Job API shows them. */
  rows: Record<string, string | null>[];
  keyFields: string[];
  numericFields: string[];
}

interface Series {
  key: string;
  value: number;
  rows: Record<string, string | null>[];
}

function newId(): string {
  return randomBytes(8).toString('hex').toUpperCase();
}

const DELAY_UNIT_MS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000 };

function delayMs(text: unknown): number {
  const m = typeof text === 'string' ? /^(\d+)([smh])$/.exec(text) : null;
  return m ? Number(m[1]) * DELAY_UNIT_MS[m[2]] : 0;
}

async function runWindow(item: MonitorItem, query: string, rangeMs: number, deps: EvaluatorDeps): Promise<WindowResult> {
  const to = deps.clock.now() - delayMs(item.body.evaluationDelay);
  const from = to - rangeMs;
  const result = await deps.search.run({ query, from, to });
  return {
    from,
    to,
    kind: result.kind,
    rows: result.rows.map((row) => Object.fromEntries(Object.entries(row).map(([k, v]) => [k, valueToString(v)]))),
    keyFields: result.fields.filter((f) => f.keyField).map((f) => f.name),
    numericFields: result.fields.filter((f) => f.fieldType === 'long' || f.fieldType === 'double').map((f) => f.name),
  };
}

/** AllResults: one series, the result count. AnyTimeSeries over an aggregate: one series per row (group). */
function seriesOf(trigger: Trigger, window: WindowResult): Series[] {
  if (trigger.triggerSource !== 'AnyTimeSeries' || window.kind === 'messages') {
    return [{ key: '', value: window.rows.length, rows: window.rows }];
  }
  const keys = window.keyFields;
  const valueField = trigger.field?.toLowerCase() ?? window.numericFields.find((f) => !keys.includes(f));
  return window.rows.map((row) => ({
    key: keys.map((k) => `${k}=${row[k] ?? ''}`).join(', '),
    value: valueField === undefined ? Number.NaN : Number(row[valueField]),
    rows: [row],
  }));
}

function fires(trigger: Trigger, series: Series): boolean {
  if (trigger.triggerType === 'MissingData') return series.value === 0;
  return meetsThreshold(series.value, trigger.thresholdType ?? 'GreaterThan', trigger.threshold ?? 0);
}

/** An open alert closes when its Resolved trigger holds, or (without one) when its own trigger no longer does. */
function resolves(trigger: Trigger, resolution: Trigger | undefined, series: Series | undefined): boolean {
  if (series === undefined) return true;
  if (trigger.triggerType === 'MissingData' || resolution === undefined) return !fires(trigger, series);
  return meetsThreshold(series.value, resolution.thresholdType ?? 'LessThanOrEqual', resolution.threshold ?? 0);
}

function condition(trigger: Trigger): string {
  if (trigger.triggerType === 'MissingData' || trigger.triggerType === 'ResolvedMissingData') return 'Missing Data';
  return `${trigger.thresholdType ?? 'GreaterThan'} ${trigger.threshold ?? 0}`;
}

function variables(
  item: MonitorItem,
  query: string,
  trigger: Trigger,
  sentType: TriggerType,
  window: WindowResult,
  series: Series | undefined,
  alertId: string,
  now: number,
): AlertVariables {
  const iso = (t: number) => new Date(t).toISOString();
  const search = new URLSearchParams({ q: query, from: String(window.from), to: String(window.to) });
  return {
    Name: item.name,
    Description: typeof item.body.description === 'string' ? item.body.description : '',
    MonitorType: 'Logs',
    Query: query,
    QueryURL: `/#/search?${search}`,
    ResultsJson: (series?.rows ?? []).slice(0, MAX_RESULTS_IN_PAYLOAD),
    NumQueryResults: series?.value ?? 0,
    Id: item.id,
    DetectionMethod: 'StaticCondition',
    TriggerType: sentType,
    TriggerTimeRange: trigger.timeRange,
    TriggerTime: iso(now),
    TriggerCondition: condition(trigger),
    TriggerValue: series?.value ?? 0,
    TriggerTimeStart: iso(window.from),
    TriggerTimeEnd: iso(window.to),
    SourceURL: `/#/monitors/${item.id}`,
    AlertResponseUrl: `/#/alerts/${alertId}`,
  };
}

/** Every notification is sent for every trigger type unless it names the ones it runs for. */
function runsFor(notification: MonitorNotification, type: TriggerType): boolean {
  return notification.runForTriggerTypes === undefined || notification.runForTriggerTypes.includes(type);
}

async function deliveriesFor(
  item: MonitorItem,
  sentType: TriggerType,
  render: (template: string) => string,
  connectionOf: (id: string) => Promise<ConnectionRecord | undefined>,
  logger: Logger,
): Promise<NewDelivery[]> {
  const resolution = sentType.startsWith('Resolved');
  const out: NewDelivery[] = [];
  for (const n of (item.body.notifications as MonitorNotification[] | undefined) ?? []) {
    const { connectionType, connectionId } = n.notification;
    // E-mail is accepted in a definition (Sumo's shape) but not delivered yet.
    if (connectionType === 'Email' || connectionId === undefined || !runsFor(n, sentType)) continue;
    const connection = await connectionOf(connectionId);
    if (connection === undefined) {
      logger.warn('monitor notification names a deleted connection', { monitorId: item.id, connectionId });
      continue;
    }
    const template = resolution
      ? (n.notification.resolutionPayloadOverride ??
        connection.resolutionPayload ??
        n.notification.payloadOverride ??
        connection.defaultPayload)
      : (n.notification.payloadOverride ?? connection.defaultPayload);
    out.push({ id: newId(), connectionId, triggerType: sentType, payload: render(template) });
  }
  return out;
}

export interface EvaluationOutcome {
  opened: AlertRecord[];
  resolved: string[];
}

/** Evaluates `item` now; a query that fails throws, and changes no alert. */
export async function evaluateMonitor(item: MonitorItem, deps: EvaluatorDeps): Promise<EvaluationOutcome> {
  const query = (item.body.queries as { query: string }[])[0].query;
  const triggers = (item.body.triggers as Trigger[] | undefined) ?? [];
  const windows = new Map<string, WindowResult>();
  for (const t of triggers) {
    if (!windows.has(t.timeRange)) windows.set(t.timeRange, await runWindow(item, query, timeRangeMs(t.timeRange), deps));
  }
  const connections = new Map<string, Promise<ConnectionRecord | undefined>>();
  const connectionOf = (id: string) => {
    if (!connections.has(id)) connections.set(id, deps.store.connections.get(id));
    return connections.get(id) as Promise<ConnectionRecord | undefined>;
  };
  const now = deps.clock.now();
  const outcome: EvaluationOutcome = { opened: [], resolved: [] };
  const criticalKeys = new Set<string>();
  for (const type of ALERTING_TRIGGER_TYPES) {
    const trigger = triggers.find((t) => t.triggerType === type);
    if (trigger === undefined) {
      // The monitor was changed and no longer has this trigger: its alerts close, with nothing to tell.
      for (const alert of await deps.store.alerts.listOpen(item.id)) {
        if (alert.triggerType === type && (await deps.store.alerts.resolve(alert.id, now, 'Auto', []))) outcome.resolved.push(alert.id);
      }
      continue;
    }
    const resolution = triggers.find((t) => t.triggerType === `Resolved${type}`);
    const window = windows.get(trigger.timeRange) as WindowResult;
    const series = type === 'MissingData' ? [{ key: '', value: window.rows.length, rows: [] }] : seriesOf(trigger, window);
    const byKey = new Map(series.map((s) => [s.key, s]));
    const open = new Map((await deps.store.alerts.listOpen(item.id)).filter((a) => a.triggerType === type).map((a) => [a.seriesKey, a]));
    // A user resolved these by hand: no new alert for their series until the condition has cleared once.
    const held = new Map((await deps.store.alerts.listHeld(item.id)).filter((a) => a.triggerType === type).map((a) => [a.seriesKey, a]));
    for (const [key, alert] of held) {
      const current = byKey.get(key);
      if (current === undefined || !fires(trigger, current)) {
        await deps.store.alerts.release(alert.id);
        held.delete(key);
      }
    }
    for (const s of series) {
      if (!fires(trigger, s)) continue;
      if (type === 'Critical') criticalKeys.add(s.key);
      // Only the most severe level alerts for a series.
      if (type === 'Warning' && criticalKeys.has(s.key)) continue;
      if (open.has(s.key) || held.has(s.key)) continue;
      const alertId = newId();
      const render = (template: string) => renderPayload(template, variables(item, query, trigger, type, window, s, alertId, now));
      const deliveries = await deliveriesFor(item, type, render, connectionOf, deps.logger);
      const alert = await deps.store.alerts.open(
        { id: alertId, monitorId: item.id, triggerType: type as AlertingTriggerType, seriesKey: s.key, value: s.value, startedAt: now },
        deliveries,
      );
      if (alert) outcome.opened.push(alert);
    }
    for (const alert of open.values()) {
      const current = byKey.get(alert.seriesKey);
      if (!resolves(trigger, resolution, current)) continue;
      const sentType = `Resolved${type}` as TriggerType;
      const render = (template: string) =>
        renderPayload(template, variables(item, query, resolution ?? trigger, sentType, window, current, alert.id, now));
      const deliveries = await deliveriesFor(item, sentType, render, connectionOf, deps.logger);
      if (await deps.store.alerts.resolve(alert.id, now, 'Auto', deliveries)) outcome.resolved.push(alert.id);
    }
  }
  return outcome;
}
