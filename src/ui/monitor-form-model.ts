import {
  DUAL_OCCURRENCE,
  MONITOR_TYPE,
  type MonitorNotification,
  meetsThreshold,
  NEGATED_THRESHOLD,
  type OccurrenceType,
  type ThresholdType,
  type Trigger,
  timeRangeMs,
} from '../model/monitor.js';

/**
 * The monitor form's state and how it maps to and from a Sumo-shaped monitor body. The server validates
 * (and names the field at fault); the form sends what the user typed, a threshold that is not a number
 * included, so that the one rule answers. Members the form does not show are kept as they came.
 */

export interface LevelForm {
  enabled: boolean;
  threshold: string;
  thresholdType: ThresholdType;
}

export interface MonitorForm {
  name: string;
  description: string;
  query: string;
  timeRange: string;
  triggerSource: 'AllResults' | 'AnyTimeSeries';
  /** How the threshold is tested: the result count, or any / every data point of an aggregate (docs/monitors.md). */
  occurrenceType: OccurrenceType;
  critical: LevelForm;
  warning: LevelForm;
  connectionIds: string[];
  /** An Email notification: comma-separated recipients (none: no e-mail), subject and body (empty: Sumo's default). */
  email: { recipients: string; subject: string; messageBody: string };
  /** Per series: one notification for the series of a trigger type together (Sumo's default), or one each. */
  groupNotifications: boolean;
  isDisabled: boolean;
}

export function newMonitorForm(query = ''): MonitorForm {
  return {
    name: '',
    description: '',
    query,
    timeRange: '-15m',
    triggerSource: 'AllResults',
    occurrenceType: 'ResultCount',
    critical: { enabled: true, threshold: '0', thresholdType: 'GreaterThan' },
    warning: { enabled: false, threshold: '0', thresholdType: 'GreaterThan' },
    connectionIds: [],
    email: { recipients: '', subject: '', messageBody: '' },
    groupNotifications: true,
    isDisabled: false,
  };
}

function levelOf(trigger: Trigger | undefined, fallback: LevelForm): LevelForm {
  if (trigger === undefined) return { ...fallback, enabled: false };
  return { enabled: true, threshold: String(trigger.threshold ?? 0), thresholdType: trigger.thresholdType ?? 'GreaterThan' };
}

/** The form for a monitor as the API answers it. */
export function formOf(body: Record<string, unknown>): MonitorForm {
  const base = newMonitorForm();
  const triggers = (body.triggers as Trigger[] | undefined) ?? [];
  const critical = triggers.find((t) => t.triggerType === 'Critical');
  const warning = triggers.find((t) => t.triggerType === 'Warning');
  const notifications = (body.notifications as MonitorNotification[] | undefined) ?? [];
  const email = notifications.find((n) => n.notification.connectionType === 'Email');
  return {
    name: String(body.name ?? ''),
    description: String(body.description ?? ''),
    query: (body.queries as { query: string }[] | undefined)?.[0]?.query ?? '',
    timeRange: (critical ?? warning ?? triggers[0])?.timeRange ?? base.timeRange,
    triggerSource: (critical ?? warning)?.triggerSource === 'AnyTimeSeries' ? 'AnyTimeSeries' : 'AllResults',
    occurrenceType: (critical ?? warning)?.occurrenceType ?? base.occurrenceType,
    critical: levelOf(critical, base.critical),
    warning: levelOf(warning, base.warning),
    connectionIds: notifications.flatMap((n) =>
      n.notification.connectionType !== 'Email' && n.notification.connectionId ? [n.notification.connectionId] : [],
    ),
    email: {
      recipients: (email?.notification.recipients ?? []).join(', '),
      subject: email?.notification.subject ?? '',
      messageBody: email?.notification.messageBody ?? '',
    },
    groupNotifications: body.groupNotifications !== false,
    isDisabled: body.isDisabled === true,
  };
}

/** A number when the text is one, else the text itself, for the server to refuse naming the field. */
function thresholdValue(text: string): number | string {
  const n = Number(text);
  return text.trim() !== '' && Number.isFinite(n) ? n : text;
}

/**
 * The body to POST or PUT. Each enabled level gets its trigger and a Resolved trigger at the same threshold
 * (the alert closes when the condition no longer holds); notifications run for the levels and their
 * resolutions. A notification already on the monitor for a kept connection is kept as it was (its payload
 * overrides), other members of `original` too.
 */
export function bodyOf(form: MonitorForm, original: Record<string, unknown> = {}): Record<string, unknown> {
  const { triggerConditions: _replaced, ...kept } = original;
  const triggers: Record<string, unknown>[] = [];
  const types: string[] = [];
  for (const [type, level] of [
    ['Critical', form.critical],
    ['Warning', form.warning],
  ] as const) {
    if (!level.enabled) continue;
    const common = { detectionMethod: 'StaticCondition', timeRange: form.timeRange, triggerSource: form.triggerSource };
    triggers.push({
      ...common,
      triggerType: type,
      occurrenceType: form.occurrenceType,
      threshold: thresholdValue(level.threshold),
      thresholdType: level.thresholdType,
    });
    triggers.push({
      ...common,
      triggerType: `Resolved${type}`,
      occurrenceType: DUAL_OCCURRENCE[form.occurrenceType],
      threshold: thresholdValue(level.threshold),
      thresholdType: NEGATED_THRESHOLD[level.thresholdType],
    });
    types.push(type, `Resolved${type}`);
  }
  const before = (original.notifications as MonitorNotification[] | undefined) ?? [];
  const notifications: MonitorNotification[] = form.connectionIds.map(
    (id) =>
      before.find((n) => n.notification.connectionId === id) ?? {
        notification: { connectionType: 'Webhook', connectionId: id },
        runForTriggerTypes: types as MonitorNotification['runForTriggerTypes'],
      },
  );
  const recipients = form.email.recipients
    .split(/[,;\s]+/)
    .map((r) => r.trim())
    .filter((r) => r !== '');
  if (recipients.length > 0) {
    // The e-mail notification on the monitor keeps what the form does not show (its timeZone, its trigger types).
    const was = before.find((n) => n.notification.connectionType === 'Email');
    const { subject: _s, messageBody: _b, ...rest } = was?.notification ?? { connectionType: 'Email' as const };
    notifications.push({
      notification: {
        ...rest,
        connectionType: 'Email',
        recipients,
        ...(form.email.subject.trim() ? { subject: form.email.subject } : {}),
        ...(form.email.messageBody.trim() ? { messageBody: form.email.messageBody } : {}),
      },
      runForTriggerTypes: was?.runForTriggerTypes ?? (types as MonitorNotification['runForTriggerTypes']),
    });
  }
  return {
    monitorType: 'Logs',
    ...kept,
    type: MONITOR_TYPE,
    name: form.name,
    description: form.description,
    queries: [{ rowId: 'A', query: form.query }],
    triggers,
    notifications,
    groupNotifications: form.groupNotifications,
    isDisabled: form.isDisabled,
  };
}

/** The preview covers this much history, in windows of the trigger's time range. */
export const PREVIEW_HOURS = 6;

/** The query the preview runs: the monitor's messages counted per window of its time range. */
export function previewQuery(form: MonitorForm): string {
  return `${form.query}\n| timeslice ${form.timeRange.replace(/^-/, '')} | count by _timeslice`;
}

export interface PreviewWindow {
  start: number;
  value: number;
  critical: boolean;
  warning: boolean;
}

/**
 * Per window from `from` to `to` (windows aligned as timeslice aligns them, empty ones counted 0): the
 * count and whether each enabled level would have fired on it.
 */
export function previewWindows(form: MonitorForm, rows: Record<string, unknown>[], from: number, to: number): PreviewWindow[] {
  const size = timeRangeMs(form.timeRange);
  if (!(size > 0)) return [];
  const counts = new Map<number, number>();
  for (const row of rows) {
    const slice = row._timeslice;
    const start = typeof slice === 'number' ? slice : Number.isFinite(Number(slice)) ? Number(slice) : Date.parse(String(slice));
    counts.set(start, Number(row._count ?? 0));
  }
  const fires = (level: LevelForm, value: number) =>
    level.enabled && Number.isFinite(Number(level.threshold)) && meetsThreshold(value, level.thresholdType, Number(level.threshold));
  const out: PreviewWindow[] = [];
  for (let start = Math.floor(from / size) * size; start < to; start += size) {
    const value = counts.get(start) ?? 0;
    const critical = fires(form.critical, value);
    out.push({ start, value, critical, warning: !critical && fires(form.warning, value) });
  }
  return out;
}
