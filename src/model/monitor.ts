import { type Static, Type } from '@sinclair/typebox';
import { oneOf } from './validate.js';

/**
 * Monitors in the shape of Sumo Logic's Monitor Management API: a library tree of folders
 * (`MonitorsLibraryFolder`) and Logs monitors (`MonitorsLibraryMonitor`). Members this product does not
 * use are kept and returned as they came, as Sumo does, so definitions written for Sumo round-trip.
 */

export const TRIGGER_TYPES = ['Critical', 'Warning', 'MissingData', 'ResolvedCritical', 'ResolvedWarning', 'ResolvedMissingData'] as const;
export type TriggerType = (typeof TRIGGER_TYPES)[number];
/** The trigger types that open an alert; each is closed by `Resolved<type>`. */
export const ALERTING_TRIGGER_TYPES = ['Critical', 'Warning', 'MissingData'] as const;
export type AlertingTriggerType = (typeof ALERTING_TRIGGER_TYPES)[number];
export const THRESHOLD_TYPES = ['GreaterThan', 'GreaterThanOrEqual', 'LessThan', 'LessThanOrEqual'] as const;
export type ThresholdType = (typeof THRESHOLD_TYPES)[number];
export const OCCURRENCE_TYPES = ['ResultCount', 'AtLeastOnce', 'Always'] as const;
export const TRIGGER_SOURCES = ['AllResults', 'AnyTimeSeries'] as const;
export const DETECTION_METHODS = ['StaticCondition', 'LogsStaticCondition', 'LogsMissingDataCondition'] as const;
/** Connection types a notification may name; every one but Email is a webhook connection. */
export const NOTIFICATION_CONNECTION_TYPES = ['Webhook', 'Slack', 'MicrosoftTeams', 'PagerDuty', 'Opsgenie', 'Email'] as const;

/** One address (`local@domain`), the shape of an SMTP forward path without its angle brackets. */
export const EMAIL_ADDRESS_PATTERN = '^[^\\s@<>,;]+@[^\\s@<>,;]+\\.[^\\s@<>,;]+$';
export const MAX_EMAIL_RECIPIENTS = 100;
export const MAX_EMAIL_SUBJECT = 998;
/** Sumo's subject when an Email notification names none. */
export const DEFAULT_EMAIL_SUBJECT = 'Monitor Alert: {{TriggerType}} on {{Name}}';
/** Sumo's body when an Email notification names none. */
export const DEFAULT_EMAIL_BODY = 'Triggered {{TriggerType}} Alert on {{Name}}: {{QueryURL}}';
/**
 * The connection id of a notification sent by e-mail: an e-mail notification names no connection (the
 * server's SMTP server is its one destination), so its deliveries carry this id, which no connection can
 * have (connection ids are 16 hex digits).
 */
export const EMAIL_CONNECTION_ID = 'email';

export const MONITOR_FOLDER_TYPE = 'MonitorsLibraryFolder';
export const MONITOR_TYPE = 'MonitorsLibraryMonitor';
export const MONITORS_ROOT_ID = '0000000000000001';

export const MAX_MONITOR_NAME = 255;
export const MAX_MONITOR_DESCRIPTION = 4096;
export const MAX_QUERIES = 1;
export const MAX_TRIGGERS = 6;
export const MAX_NOTIFICATIONS = 10;
/** Sumo allows a Logs monitor's window from 5 minutes up to 24 hours; shorter ones are allowed here for tests. */
export const MAX_TIME_RANGE_MS = 86_400_000;
/** Monitors are evaluated every minute (Sumo's cadence for Logs monitors). */
export const EVALUATION_INTERVAL_MS = 60_000;

/** `-15m`, `15m`, `1h`, `-1d`: a window ending now. */
export const TIME_RANGE_PATTERN = '^-?\\d+[smhd]$';
const TimeRange = Type.String({ pattern: TIME_RANGE_PATTERN, description: 'must be a time range such as -15m, -1h or -1d' });

export const TriggerSchema = Type.Object(
  {
    detectionMethod: Type.Optional(oneOf(DETECTION_METHODS)),
    triggerType: oneOf(TRIGGER_TYPES),
    timeRange: TimeRange,
    threshold: Type.Optional(Type.Number()),
    thresholdType: Type.Optional(oneOf(THRESHOLD_TYPES)),
    occurrenceType: Type.Optional(oneOf(OCCURRENCE_TYPES)),
    triggerSource: Type.Optional(oneOf(TRIGGER_SOURCES)),
    /** The aggregate field whose value is compared, per row (AnyTimeSeries); default the first numeric non-key field. */
    field: Type.Optional(Type.String({ maxLength: 255 })),
  },
  { additionalProperties: true },
);
export type Trigger = Static<typeof TriggerSchema>;

const Threshold = Type.Object({ threshold: Type.Number(), thresholdType: oneOf(THRESHOLD_TYPES) }, { additionalProperties: true });
const StaticBlock = Type.Object(
  {
    timeRange: TimeRange,
    alert: Threshold,
    resolution: Type.Optional(Threshold),
    occurrenceType: Type.Optional(oneOf(OCCURRENCE_TYPES)),
    triggerSource: Type.Optional(oneOf(TRIGGER_SOURCES)),
  },
  { additionalProperties: true },
);
const StaticCondition = Type.Object(
  { field: Type.Optional(Type.String({ maxLength: 255 })), critical: Type.Optional(StaticBlock), warning: Type.Optional(StaticBlock) },
  { additionalProperties: true },
);
const MissingDataCondition = Type.Object({ timeRange: TimeRange }, { additionalProperties: true });

/** The newer form the Terraform provider writes (`trigger_conditions { logs_static_condition { critical {…} } }`). */
export const TriggerConditionsSchema = Type.Object(
  {
    logsStaticCondition: Type.Optional(StaticCondition),
    LogsStaticCondition: Type.Optional(StaticCondition),
    logsMissingDataCondition: Type.Optional(MissingDataCondition),
    LogsMissingDataCondition: Type.Optional(MissingDataCondition),
  },
  { additionalProperties: true },
);
export type TriggerConditions = Static<typeof TriggerConditionsSchema>;

export const NotificationSchema = Type.Object(
  {
    notification: Type.Object(
      {
        connectionType: oneOf(NOTIFICATION_CONNECTION_TYPES),
        connectionId: Type.Optional(Type.String({ maxLength: 64 })),
        payloadOverride: Type.Optional(Type.String({ maxLength: 65_536 })),
        resolutionPayloadOverride: Type.Optional(Type.String({ maxLength: 65_536 })),
        // Email (Sumo's EmailNotification): sent through the server's SMTP server (docs/monitors.md#e-mail).
        recipients: Type.Optional(
          Type.Array(Type.String({ pattern: EMAIL_ADDRESS_PATTERN, maxLength: 254, description: 'must be an e-mail address' }), {
            maxItems: MAX_EMAIL_RECIPIENTS,
          }),
        ),
        subject: Type.Optional(Type.String({ maxLength: MAX_EMAIL_SUBJECT })),
        messageBody: Type.Optional(Type.String({ maxLength: 65_536 })),
        timeZone: Type.Optional(Type.String({ maxLength: 64 })),
      },
      { additionalProperties: true },
    ),
    runForTriggerTypes: Type.Optional(Type.Array(oneOf(TRIGGER_TYPES), { maxItems: TRIGGER_TYPES.length })),
  },
  { additionalProperties: true },
);
export type MonitorNotification = Static<typeof NotificationSchema>;

export const MonitorSchema = Type.Object(
  {
    type: Type.Literal(MONITOR_TYPE),
    name: Type.String({ minLength: 1, maxLength: MAX_MONITOR_NAME }),
    description: Type.Optional(Type.String({ maxLength: MAX_MONITOR_DESCRIPTION })),
    monitorType: Type.Literal('Logs'),
    queries: Type.Array(Type.Object({ rowId: Type.String({ minLength: 1, maxLength: 16 }), query: Type.String({ minLength: 1 }) }), {
      minItems: 1,
      maxItems: MAX_QUERIES,
    }),
    triggers: Type.Optional(Type.Array(TriggerSchema, { maxItems: MAX_TRIGGERS })),
    triggerConditions: Type.Optional(TriggerConditionsSchema),
    notifications: Type.Optional(Type.Array(NotificationSchema, { maxItems: MAX_NOTIFICATIONS })),
    isDisabled: Type.Optional(Type.Boolean()),
    groupNotifications: Type.Optional(Type.Boolean()),
    evaluationDelay: Type.Optional(Type.String({ pattern: '^\\d+[smh]$', description: 'must be a delay such as 0m, 5m or 1h' })),
  },
  { additionalProperties: true },
);
export type MonitorInput = Static<typeof MonitorSchema>;

export const FolderSchema = Type.Object(
  {
    type: Type.Literal(MONITOR_FOLDER_TYPE),
    name: Type.String({ minLength: 1, maxLength: MAX_MONITOR_NAME }),
    description: Type.Optional(Type.String({ maxLength: MAX_MONITOR_DESCRIPTION })),
  },
  { additionalProperties: true },
);

/** Members the server sets; a body's copies of them are dropped, not kept. */
export const READ_ONLY_MEMBERS = [
  'id',
  'parentId',
  'version',
  'createdAt',
  'createdBy',
  'modifiedAt',
  'modifiedBy',
  'contentType',
  'children',
  'isLocked',
  'isSystem',
  'isMutable',
  'status',
  'warnings',
] as const;

export type LibraryItemType = typeof MONITOR_FOLDER_TYPE | typeof MONITOR_TYPE;

/** One node of the monitors library as the store keeps it: `body` is the definition as sent, minus read-only members. */
export interface MonitorItem {
  id: string;
  parentId: string | null;
  type: LibraryItemType;
  name: string;
  body: Record<string, unknown>;
  isDisabled: boolean;
  version: number;
  createdAt: number;
  createdBy: string;
  modifiedAt: number;
  modifiedBy: string;
}

/**
 * A Logs monitor an app installs: its query has `$$logsrc` for the data source chosen at install (and
 * may have `$$embargoed` for the embargoed countries' list); installing makes it an ordinary monitor.
 */
export interface MonitorTemplate {
  name: string;
  description: string;
  /** The Mimecast data types (`_sourceName`) its query needs. */
  dataTypes: readonly string[];
  query: string;
  triggers: Trigger[];
}

const UNIT_MS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** `-15m` → 900000. */
export function timeRangeMs(text: string): number {
  const m = /^-?(\d+)([smhd])$/.exec(text);
  return m ? Number(m[1]) * UNIT_MS[m[2]] : Number.NaN;
}

/** `15m` and `-15m` mean the same window; the API answers the Sumo spelling, `-15m`. */
export function normalTimeRange(text: string): string {
  return text.startsWith('-') ? text : `-${text}`;
}

/** A Threshold test: `value` against `threshold`. */
export function meetsThreshold(value: number, type: ThresholdType, threshold: number): boolean {
  switch (type) {
    case 'GreaterThan':
      return value > threshold;
    case 'GreaterThanOrEqual':
      return value >= threshold;
    case 'LessThan':
      return value < threshold;
    case 'LessThanOrEqual':
      return value <= threshold;
  }
}

/** The opposite comparison: what a Resolved trigger tests when the monitor gives none. */
export const NEGATED_THRESHOLD: Record<ThresholdType, ThresholdType> = {
  GreaterThan: 'LessThanOrEqual',
  GreaterThanOrEqual: 'LessThan',
  LessThan: 'GreaterThanOrEqual',
  LessThanOrEqual: 'GreaterThan',
};

export type OccurrenceType = (typeof OCCURRENCE_TYPES)[number];

/** Without its own occurrence type a Resolved trigger tests the dual: "always below" ends "at least once above". */
export const DUAL_OCCURRENCE: Record<OccurrenceType, OccurrenceType> = {
  ResultCount: 'ResultCount',
  AtLeastOnce: 'Always',
  Always: 'AtLeastOnce',
};

/** The `triggerConditions` form as the `triggers` list it stands for (one model for both). */
export function triggersFromConditions(conditions: TriggerConditions): Trigger[] {
  const out: Trigger[] = [];
  const staticCondition = conditions.logsStaticCondition ?? conditions.LogsStaticCondition;
  for (const [level, block] of [
    ['Critical', staticCondition?.critical],
    ['Warning', staticCondition?.warning],
  ] as const) {
    if (block === undefined) continue;
    const common = {
      detectionMethod: 'StaticCondition' as const,
      timeRange: normalTimeRange(block.timeRange),
      occurrenceType: block.occurrenceType ?? 'ResultCount',
      triggerSource: block.triggerSource ?? 'AllResults',
      ...(staticCondition?.field === undefined ? {} : { field: staticCondition.field }),
    };
    out.push({ ...common, triggerType: level, threshold: block.alert.threshold, thresholdType: block.alert.thresholdType });
    if (block.resolution) {
      out.push({
        ...common,
        triggerType: `Resolved${level}`,
        threshold: block.resolution.threshold,
        thresholdType: block.resolution.thresholdType,
      });
    }
  }
  const missing = conditions.logsMissingDataCondition ?? conditions.LogsMissingDataCondition;
  if (missing) {
    const timeRange = normalTimeRange(missing.timeRange);
    out.push({ detectionMethod: 'StaticCondition', triggerType: 'MissingData', timeRange });
    out.push({ detectionMethod: 'StaticCondition', triggerType: 'ResolvedMissingData', timeRange });
  }
  return out;
}
