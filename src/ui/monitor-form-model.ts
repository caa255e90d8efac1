import {
  DUAL_OCCURRENCE,
  MONITOR_TYPE,
  type MonitorNotification,
  NEGATED_THRESHOLD,
  type OccurrenceType,
  type ThresholdType,
  type Trigger,
  timeRangeMs,
} from '../model/monitor.js';
import { fires, type ResultFieldInfo, seriesOf, type WindowRows, windowRowsOf } from '../model/monitor-rule.js';

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

/** The preview covers this much history, in consecutive windows of the trigger's time range ending now. */
export const PREVIEW_HOURS = 6;
/** At most this many windows (each one query): a 5-minute range previews its last 24 windows, two hours. */
export const MAX_PREVIEW_WINDOWS = 24;

/** The windows the preview runs the query over, oldest first, the last one ending at `to`. */
export function previewRanges(form: MonitorForm, to: number): { from: number; to: number }[] {
  const size = timeRangeMs(form.timeRange);
  if (!(size > 0)) return [];
  const count = Math.max(1, Math.min(MAX_PREVIEW_WINDOWS, Math.floor((PREVIEW_HOURS * 3_600_000) / size)));
  return Array.from({ length: count }, (_, i) => ({ from: to - (count - i) * size, to: to - (count - 1 - i) * size }));
}

export interface PreviewWindow {
  start: number;
  /** The largest value the triggers compared in this window (the count, or a series' or data point's value). */
  value: number;
  critical: boolean;
  warning: boolean;
}

/** One window's result as the panel endpoint answers it. */
export interface PreviewResult {
  kind: WindowRows['kind'];
  fields: readonly ResultFieldInfo[];
  rows: Record<string, unknown>[];
}

/**
 * Whether each enabled level would have fired on one window's result, by the evaluator's own rule
 * (model/monitor-rule.ts) applied to the triggers the form saves: occurrence type, trigger source and all.
 * A level whose threshold is not a number is left out (saving it is refused).
 */
export function previewWindow(form: MonitorForm, start: number, result: PreviewResult): PreviewWindow {
  const window = windowRowsOf(result.kind, result.fields, result.rows);
  const triggers = (bodyOf(form).triggers as Trigger[]).filter((t) => typeof t.threshold === 'number');
  const values: number[] = [];
  const firesFor = (type: 'Critical' | 'Warning') => {
    const trigger = triggers.find((t) => t.triggerType === type);
    if (trigger === undefined) return false;
    const series = seriesOf(trigger, window);
    values.push(...series.map((s) => s.value).filter(Number.isFinite));
    return series.some((s) => fires(trigger, s));
  };
  const critical = firesFor('Critical');
  const warning = firesFor('Warning');
  // Only the most severe level alerts, as the evaluator does.
  return { start, value: Math.max(0, ...values), critical, warning: !critical && warning };
}
