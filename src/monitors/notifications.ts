import { randomBytes } from 'node:crypto';
import type { Logger } from '../core/logger.js';
import type { ConnectionRecord } from '../model/connection.js';
import {
  DEFAULT_EMAIL_BODY,
  DEFAULT_EMAIL_SUBJECT,
  EMAIL_CONNECTION_ID,
  MONITOR_TYPE,
  type MonitorItem,
  type MonitorNotification,
  type Trigger,
  type TriggerType,
  timeRangeMs,
} from '../model/monitor.js';
import type { AlertRecord, NewDelivery } from '../store/alerts.js';
import type { Store } from '../store/store.js';
import type { EmailMessage } from './email.js';
import { type AlertVariables, escapeHtml, isHtml, renderPayload, renderText } from './payload.js';

/**
 * The notifications an alert change owes, rendered now (so a retry sends the same bytes): one per
 * notification of the monitor that runs for the trigger type, to a webhook connection or by e-mail.
 * The evaluator (opening, resolving) and the alerts service (resolving by hand) both build them here.
 */

/** Rows a payload's `{{ResultsJson}}` carries at most. */
export const MAX_RESULTS_IN_PAYLOAD = 10;

export function newId(): string {
  return randomBytes(8).toString('hex').toUpperCase();
}

export interface AlertMoment {
  item: MonitorItem;
  query: string;
  trigger: Trigger;
  /** The type the notification tells: Critical, or ResolvedCritical for a resolution. */
  sentType: TriggerType;
  window: { from: number; to: number };
  /** The series' value and rows; absent when the series is gone from the results. */
  series: { value: number; rows: Record<string, string | null>[] } | undefined;
  alertId: string;
  now: number;
  /** The server's public URL (MC2C_PUBLIC_URL) that the URL variables start with; paths alone without it. */
  publicUrl: string | undefined;
}

function condition(trigger: Trigger): string {
  if (trigger.triggerType === 'MissingData' || trigger.triggerType === 'ResolvedMissingData') return 'Missing Data';
  return `${trigger.thresholdType ?? 'GreaterThan'} ${trigger.threshold ?? 0}`;
}

export function alertVariables(m: AlertMoment): AlertVariables {
  const iso = (t: number) => new Date(t).toISOString();
  const base = m.publicUrl ?? '';
  const search = new URLSearchParams({ q: m.query, from: String(m.window.from), to: String(m.window.to) });
  return {
    Name: m.item.name,
    Description: typeof m.item.body.description === 'string' ? m.item.body.description : '',
    MonitorType: 'Logs',
    Query: m.query,
    QueryURL: `${base}/#/search?${search}`,
    ResultsJson: (m.series?.rows ?? []).slice(0, MAX_RESULTS_IN_PAYLOAD),
    NumQueryResults: m.series?.value ?? 0,
    Id: m.item.id,
    DetectionMethod: 'StaticCondition',
    TriggerType: m.sentType,
    TriggerTimeRange: m.trigger.timeRange,
    TriggerTime: iso(m.now),
    TriggerCondition: condition(m.trigger),
    TriggerValue: m.series?.value ?? 0,
    TriggerTimeStart: iso(m.window.from),
    TriggerTimeEnd: iso(m.window.to),
    SourceURL: `${base}/#/monitors/${m.item.id}`,
    AlertResponseUrl: `${base}/#/alerts/${m.alertId}`,
  };
}

/** Every notification is sent for every trigger type unless it names the ones it runs for. */
function runsFor(notification: MonitorNotification, type: TriggerType): boolean {
  return notification.runForTriggerTypes === undefined || notification.runForTriggerTypes.includes(type);
}

/** `2026-12-01 10:15:44 PST`: a time in the e-mail's `timeZone`; undefined for a zone this runtime does not know. */
function zonedTime(iso: string, timeZone: string): string | undefined {
  let format: Intl.DateTimeFormat;
  try {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      timeZoneName: 'short',
    });
  } catch {
    return undefined;
  }
  const part = Object.fromEntries(format.formatToParts(new Date(iso)).map((p) => [p.type, p.value]));
  return `${part.year}-${part.month}-${part.day} ${part.hour}:${part.minute}:${part.second} ${part.timeZoneName}`;
}

/** The time variables in the notification's `timeZone` (Sumo's e-mail shows its times there); UTC ISO 8601 without one. */
function inTimeZone(vars: AlertVariables, timeZone: string | undefined): AlertVariables {
  if (timeZone === undefined) return vars;
  const out = { ...vars };
  for (const name of ['TriggerTime', 'TriggerTimeStart', 'TriggerTimeEnd'] as const) {
    const zoned = zonedTime(String(vars[name]), timeZone);
    if (zoned !== undefined) out[name] = zoned;
  }
  return out;
}

/** Sumo's e-mail: the subject and body with the variables as text (HTML-escaped in an HTML body), to every recipient. */
function emailMessage(n: MonitorNotification['notification'], utc: AlertVariables): EmailMessage {
  const vars = inTimeZone(utc, n.timeZone);
  const to = n.recipients ?? [];
  // A line break in a subject would start a new mail header.
  const subject = renderText(n.subject ?? DEFAULT_EMAIL_SUBJECT, vars).replace(/[\r\n]+/g, ' ');
  const body = n.messageBody ?? DEFAULT_EMAIL_BODY;
  return isHtml(body) ? { to, subject, html: renderText(body, vars, escapeHtml) } : { to, subject, text: renderText(body, vars) };
}

export async function deliveriesFor(
  moment: AlertMoment,
  connectionOf: (id: string) => Promise<ConnectionRecord | undefined>,
  logger: Logger,
): Promise<NewDelivery[]> {
  const { item, sentType } = moment;
  const vars = alertVariables(moment);
  const resolution = sentType.startsWith('Resolved');
  const out: NewDelivery[] = [];
  for (const n of (item.body.notifications as MonitorNotification[] | undefined) ?? []) {
    if (!runsFor(n, sentType)) continue;
    const { connectionType, connectionId } = n.notification;
    if (connectionType === 'Email') {
      if ((n.notification.recipients ?? []).length === 0) continue;
      out.push({
        id: newId(),
        connectionId: EMAIL_CONNECTION_ID,
        triggerType: sentType,
        payload: JSON.stringify(emailMessage(n.notification, vars)),
      });
      continue;
    }
    if (connectionId === undefined) continue;
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
    out.push({ id: newId(), connectionId, triggerType: sentType, payload: renderPayload(template, vars) });
  }
  return out;
}

/**
 * The Resolved notifications an alert resolved by hand owes: the same a resolution by its monitor would
 * send, so a receiver that opened an incident (PagerDuty, Opsgenie) closes it. With `groupNotifications`
 * only the last open alert of its trigger type tells. None when the monitor or its trigger is gone.
 */
export async function handResolutionDeliveries(
  alert: AlertRecord,
  store: Pick<Store, 'monitors' | 'alerts' | 'connections'>,
  context: { now: number; publicUrl: string | undefined; logger: Logger },
): Promise<NewDelivery[]> {
  const item = await store.monitors.get(alert.monitorId);
  if (item === undefined || item.type !== MONITOR_TYPE) return [];
  const triggers = (item.body.triggers as Trigger[] | undefined) ?? [];
  const trigger = triggers.find((t) => t.triggerType === alert.triggerType);
  if (trigger === undefined) return [];
  if (item.body.groupNotifications !== false) {
    const others = (await store.alerts.listOpen(item.id)).filter((a) => a.triggerType === alert.triggerType && a.id !== alert.id);
    if (others.length > 0) return [];
  }
  const { now } = context;
  return deliveriesFor(
    {
      item,
      query: (item.body.queries as { query: string }[])[0].query,
      trigger: triggers.find((t) => t.triggerType === `Resolved${alert.triggerType}`) ?? trigger,
      sentType: `Resolved${alert.triggerType}`,
      window: { from: now - timeRangeMs(trigger.timeRange), to: now },
      series: { value: alert.value, rows: [] },
      alertId: alert.id,
      now,
      publicUrl: context.publicUrl,
    },
    (id) => store.connections.get(id),
    context.logger,
  );
}
