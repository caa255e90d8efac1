import type { AlertStatus, DeliveryStatus } from '../model/alert.js';
import type { AlertingTriggerType, TriggerType } from '../model/monitor.js';

/**
 * Alert state and its notifications. Opening or resolving an alert and queueing its notifications is one
 * transaction (an outbox): after a crash the state and the deliveries owed agree, so an evaluation that
 * runs again neither opens the alert twice nor forgets a notification.
 */

export interface AlertRecord {
  id: string;
  monitorId: string;
  triggerType: AlertingTriggerType;
  /** The time series (group) the alert is about, `''` for a monitor over all results. */
  seriesKey: string;
  /** The value that fired it (a result count or an aggregate). */
  value: number;
  startedAt: number;
  resolvedAt: number | null;
  /** `Auto` when a Resolved trigger closed it, `Manual` when a user did. */
  resolution: 'Auto' | 'Manual' | null;
  /** Who resolved it by hand (an access id), null otherwise. */
  resolvedBy: string | null;
  acknowledgedAt: number | null;
  acknowledgedBy: string | null;
}

export interface NewDelivery {
  id: string;
  connectionId: string;
  /** Critical, or ResolvedCritical for the notification of a resolution. */
  triggerType: TriggerType;
  /** The rendered body, fixed when the alert changed so that a retry sends the same bytes. */
  payload: string;
}

export interface DeliveryRecord extends NewDelivery {
  alertId: string;
  monitorId: string;
  status: DeliveryStatus;
  attempts: number;
  nextAttemptAt: number;
  lastError: string | null;
  httpStatus: number | null;
  createdAt: number;
  sentAt: number | null;
}

export interface DeliveryOutcome {
  status: DeliveryStatus;
  attempts: number;
  nextAttemptAt: number;
  lastError: string | null;
  httpStatus: number | null;
}

export interface AlertsRepository {
  /** Opens the alert with its deliveries, unless one is open for the same monitor, trigger type and series: then undefined. */
  open(
    alert: Omit<AlertRecord, 'resolvedAt' | 'resolution' | 'resolvedBy' | 'acknowledgedAt' | 'acknowledgedBy'>,
    deliveries: NewDelivery[],
  ): Promise<AlertRecord | undefined>;
  /** Resolves an open alert with its deliveries; false when it was resolved already (by another process or a user). */
  resolve(alertId: string, at: number, resolution: 'Auto', deliveries: NewDelivery[]): Promise<boolean>;
  /**
   * Resolves an open alert by hand and holds it: the evaluator opens no new alert for its monitor, trigger
   * type and series until `release` says the condition cleared. Its Resolved notifications are queued
   * with it. False when it was resolved already (and nothing is queued).
   */
  resolveByHand(alertId: string, at: number, by: string, deliveries: NewDelivery[]): Promise<boolean>;
  /** Hand-resolved alerts of the monitor whose condition has not cleared since. */
  listHeld(monitorId: string): Promise<AlertRecord[]>;
  release(alertId: string): Promise<void>;
  /** Acknowledges an open alert (again: the latest wins); false when it is resolved or unknown. */
  acknowledge(alertId: string, at: number, by: string): Promise<boolean>;
  get(alertId: string): Promise<AlertRecord | undefined>;
  listOpen(monitorId: string): Promise<AlertRecord[]>;
  /** Newest first; `total` counts every alert the filter matches. */
  list(filter: {
    monitorId?: string;
    status?: AlertStatus;
    limit: number;
    offset: number;
  }): Promise<{ alerts: AlertRecord[]; total: number }>;
  /**
   * Claims up to `max` pending deliveries due at `now` for `leaseMs` (on PostgreSQL with SKIP LOCKED): a
   * process that dies while sending one leaves it to be retried once the lease has passed.
   */
  claimDeliveries(now: number, leaseMs: number, max: number): Promise<DeliveryRecord[]>;
  recordDelivery(id: string, outcome: DeliveryOutcome, at: number): Promise<void>;
  /** By alert, by monitor, or for a page of alerts (`alertIds`). */
  listDeliveries(filter: { alertId?: string; monitorId?: string; alertIds?: string[] }): Promise<DeliveryRecord[]>;
}
