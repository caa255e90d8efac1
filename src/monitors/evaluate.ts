import type { Clock } from '../core/clock.js';
import type { Logger } from '../core/logger.js';
import type { ConnectionRecord } from '../model/connection.js';
import {
  ALERTING_TRIGGER_TYPES,
  type AlertingTriggerType,
  type MonitorItem,
  type Trigger,
  type TriggerType,
  timeRangeMs,
} from '../model/monitor.js';
import { fires, type Series as RuleSeries, resolves, seriesOf, type WindowRows, windowRowsOf } from '../model/monitor-rule.js';
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

/** Result rows with every value as text, as the Search Job API shows them. */
interface WindowResult extends WindowRows<Record<string, string | null>> {
  from: number;
  to: number;
}

type Series = RuleSeries<Record<string, string | null>>;

const DELAY_UNIT_MS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000 };

function delayMs(text: unknown): number {
  const m = typeof text === 'string' ? /^(\d+)([smh])$/.exec(text) : null;
  return m ? Number(m[1]) * DELAY_UNIT_MS[m[2]] : 0;
}

async function runWindow(item: MonitorItem, query: string, rangeMs: number, deps: EvaluatorDeps): Promise<WindowResult> {
  const to = deps.clock.now() - delayMs(item.body.evaluationDelay);
  const from = to - rangeMs;
  const result = await deps.search.run({ query, from, to });
  const rows = result.rows.map((row) => Object.fromEntries(Object.entries(row).map(([k, v]) => [k, valueToString(v)])));
  return { from, to, ...windowRowsOf(result.kind, result.fields, rows) };
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
