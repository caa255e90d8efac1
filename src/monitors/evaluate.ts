import type { Clock } from '../core/clock.js';
import type { Logger } from '../core/logger.js';
import type { ConnectionRecord } from '../model/connection.js';
import {
  ALERTING_TRIGGER_TYPES,
  type AlertingTriggerType,
  DUAL_OCCURRENCE,
  type MonitorItem,
  meetsThreshold,
  type OccurrenceType as Occurrence,
  type Trigger,
  type TriggerType,
  timeRangeMs,
} from '../model/monitor.js';
import { valueToString } from '../query/values.js';
import type { SearchService } from '../search/search-service.js';
import type { AlertRecord } from '../store/alerts.js';
import type { Store } from '../store/store.js';
import { type AlertMoment, deliveriesFor, newId } from './notifications.js';

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
  /** MC2C_PUBLIC_URL: what `{{QueryURL}}`, `{{SourceURL}}` and `{{AlertResponseUrl}}` start with. */
  publicUrl?: string;
}

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
  /** The value compared and told (`{{TriggerValue}}`). */
  value: number;
  /** The data points AtLeastOnce and Always test: one per row of the series (one, the count, for ResultCount). */
  points: number[];
  rows: Record<string, string | null>[];
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

/** A trigger's test of a series: its value (ResultCount), any data point (AtLeastOnce) or every one (Always). */
function holds(trigger: Trigger, occurrence: Occurrence, series: Series, fallback: Trigger['thresholdType']): boolean {
  const meets = (v: number) => meetsThreshold(v, trigger.thresholdType ?? fallback ?? 'GreaterThan', trigger.threshold ?? 0);
  if (occurrence === 'ResultCount') return meets(series.value);
  if (occurrence === 'AtLeastOnce') return series.points.some(meets);
  return series.points.length > 0 && series.points.every(meets);
}

function occurrenceOf(trigger: Trigger): Occurrence {
  return trigger.occurrenceType ?? 'ResultCount';
}

/**
 * AllResults: one series, the result count. AnyTimeSeries over an aggregate: one series per row (group).
 * AtLeastOnce and Always over an aggregate: each row is a data point (a timeslice), and a series is the
 * rows of one group (its keys but `_timeslice`), or every row for AllResults.
 */
function seriesOf(trigger: Trigger, window: WindowResult): Series[] {
  const occurrence = occurrenceOf(trigger);
  if (window.kind === 'messages' || (occurrence === 'ResultCount' && trigger.triggerSource !== 'AnyTimeSeries')) {
    return [{ key: '', value: window.rows.length, points: [window.rows.length], rows: window.rows }];
  }
  const keys = window.keyFields;
  const valueField = trigger.field?.toLowerCase() ?? window.numericFields.find((f) => !keys.includes(f));
  const pointOf = (row: Record<string, string | null>) => (valueField === undefined ? Number.NaN : Number(row[valueField]));
  if (occurrence === 'ResultCount') {
    return window.rows.map((row) => ({
      key: keys.map((k) => `${k}=${row[k] ?? ''}`).join(', '),
      value: pointOf(row),
      points: [pointOf(row)],
      rows: [row],
    }));
  }
  const groupKeys = trigger.triggerSource === 'AnyTimeSeries' ? keys.filter((k) => k !== '_timeslice') : [];
  const groups = new Map<string, Record<string, string | null>[]>();
  for (const row of window.rows) {
    const key = groupKeys.map((k) => `${k}=${row[k] ?? ''}`).join(', ');
    groups.set(key, [...(groups.get(key) ?? []), row]);
  }
  const meets = (v: number) => meetsThreshold(v, trigger.thresholdType ?? 'GreaterThan', trigger.threshold ?? 0);
  return [...groups].map(([key, rows]) => {
    const points = rows.map(pointOf);
    // The value told is the first data point that meets the threshold, else the first one.
    return { key, value: points.find(meets) ?? points[0] ?? 0, points, rows };
  });
}

function fires(trigger: Trigger, series: Series): boolean {
  if (trigger.triggerType === 'MissingData') return series.value === 0;
  return holds(trigger, occurrenceOf(trigger), series, 'GreaterThan');
}

/** An open alert closes when its Resolved trigger holds, or (without one) when its own trigger no longer does. */
function resolves(trigger: Trigger, resolution: Trigger | undefined, series: Series | undefined): boolean {
  if (series === undefined) return true;
  if (trigger.triggerType === 'MissingData' || resolution === undefined) return !fires(trigger, series);
  return holds(resolution, resolution.occurrenceType ?? DUAL_OCCURRENCE[occurrenceOf(trigger)], series, 'LessThanOrEqual');
}

/** Several series in one notification: the first one's value, the rows of all of them. */
function combined(series: (Series | undefined)[]): Series | undefined {
  const present = series.filter((s): s is Series => s !== undefined);
  if (present.length === 0) return undefined;
  return { key: '', value: present[0].value, points: present.flatMap((s) => s.points), rows: present.flatMap((s) => s.rows) };
}

export interface EvaluationOutcome {
  opened: AlertRecord[];
  resolved: string[];
}

interface TypeContext {
  item: MonitorItem;
  query: string;
  deps: EvaluatorDeps;
  now: number;
  connectionOf: (id: string) => Promise<ConnectionRecord | undefined>;
  /** Series a Critical alert fires for: Warning does not alert for them. */
  criticalKeys: Set<string>;
  outcome: EvaluationOutcome;
}

/**
 * One alerting trigger type of one evaluation. With `groupNotifications` (Sumo's default) the alerts of its
 * series are notified together: once when the first opens (with every series that opens then) and once
 * when the last closes; without it every series' alert is notified on its own. Each alert is still kept
 * per series, so a crash between two of them leaves state the next evaluation completes.
 */
async function evaluateType(
  c: TypeContext,
  type: AlertingTriggerType,
  trigger: Trigger,
  resolution: Trigger | undefined,
  window: WindowResult,
) {
  const { item, query, deps, now, outcome } = c;
  const grouped = item.body.groupNotifications !== false;
  const series: Series[] =
    type === 'MissingData' ? [{ key: '', value: window.rows.length, points: [window.rows.length], rows: [] }] : seriesOf(trigger, window);
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
  const moment = (sentType: TriggerType, t: Trigger, s: Series | undefined, alertId: string): AlertMoment => ({
    item,
    query,
    trigger: t,
    sentType,
    window,
    series: s,
    alertId,
    now,
    publicUrl: deps.publicUrl,
  });
  const fresh: Series[] = [];
  for (const s of series) {
    if (!fires(trigger, s)) continue;
    if (type === 'Critical') c.criticalKeys.add(s.key);
    // Only the most severe level alerts for a series.
    if (type === 'Warning' && c.criticalKeys.has(s.key)) continue;
    if (!open.has(s.key) && !held.has(s.key)) fresh.push(s);
  }
  for (const [i, s] of fresh.entries()) {
    const alertId = newId();
    const told = !grouped ? s : i === 0 && open.size === 0 ? combined(fresh) : undefined;
    const deliveries = told === undefined ? [] : await deliveriesFor(moment(type, trigger, told, alertId), c.connectionOf, deps.logger);
    const alert = await deps.store.alerts.open(
      { id: alertId, monitorId: item.id, triggerType: type, seriesKey: s.key, value: s.value, startedAt: now },
      deliveries,
    );
    if (alert) outcome.opened.push(alert);
  }
  const closing = [...open.values()].filter((a) => resolves(trigger, resolution, byKey.get(a.seriesKey)));
  const sentType = `Resolved${type}` as TriggerType;
  for (const [i, alert] of closing.entries()) {
    const current = byKey.get(alert.seriesKey);
    const last = i === closing.length - 1 && closing.length === open.size && fresh.length === 0;
    const told = !grouped ? current : last ? (combined(closing.map((a) => byKey.get(a.seriesKey))) ?? current) : null;
    const deliveries =
      told === null ? [] : await deliveriesFor(moment(sentType, resolution ?? trigger, told, alert.id), c.connectionOf, deps.logger);
    if (await deps.store.alerts.resolve(alert.id, now, 'Auto', deliveries)) outcome.resolved.push(alert.id);
  }
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
  const context: TypeContext = { item, query, deps, now, connectionOf, criticalKeys: new Set(), outcome };
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
    await evaluateType(context, type, trigger, resolution, windows.get(trigger.timeRange) as WindowResult);
  }
  return outcome;
}
