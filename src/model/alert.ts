/**
 * An alert as the Alerts API answers it (services/alerts.ts) and the Alerts page shows it.
 * Sumo publishes no Alerts API; the words follow Sumo's Alerts page.
 */

/** `Active` while open, `Resolved` once closed (by its monitor or by hand). */
export type AlertStatus = 'Active' | 'Resolved';
export const ALERT_STATUSES: readonly AlertStatus[] = ['Active', 'Resolved'];

/** A notification owed: waiting to be sent (or retried), sent, or given up. */
export type DeliveryStatus = 'Pending' | 'Sent' | 'Failed';

export interface AlertNotificationJson {
  id: string;
  connectionId: string;
  triggerType: string;
  status: DeliveryStatus;
  attempts: number;
  httpStatus: number | null;
  lastError: string | null;
  createdAt: string;
  sentAt: string | null;
}

export interface AlertJson {
  id: string;
  monitorId: string;
  /** Null once the monitor is deleted (its alerts stay in the history). */
  monitorName: string | null;
  status: AlertStatus;
  triggerType: string;
  /** The time series (its group-by values) the alert is about; empty for a monitor over all results. */
  series: string;
  value: number;
  startedAt: string;
  resolvedAt: string | null;
  resolution: 'Auto' | 'Manual' | null;
  resolvedBy: string | null;
  acknowledged: boolean;
  acknowledgedAt: string | null;
  acknowledgedBy: string | null;
  notifications: AlertNotificationJson[];
}
