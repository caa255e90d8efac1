import type { Clock } from '../core/clock.js';
import { NotFoundError, ValidationError } from '../core/errors.js';
import type { Logger } from '../core/logger.js';
import { ALERT_STATUSES, type AlertJson, type AlertNotificationJson, type AlertStatus } from '../model/alert.js';
import { handResolutionDeliveries } from '../monitors/notifications.js';
import type { AlertRecord, DeliveryRecord } from '../store/alerts.js';
import type { Store } from '../store/store.js';
import { MAX_PAGE_OFFSET, pageNumber } from './paging.js';

/**
 * The alerts monitors open: a list (open and resolved), one alert with its notifications, acknowledging
 * and resolving by hand. Sumo publishes no Alerts API, so the shape is ours (docs/api.md#alerts); its
 * names follow Sumo's alert page (`Active`, `Resolved`, `Acknowledged`).
 */

export const DEFAULT_ALERTS_PAGE = 100;
export const MAX_ALERTS_PAGE = 1000;

const iso = (t: number | null) => (t === null ? null : new Date(t).toISOString());

function notificationJson(d: DeliveryRecord): AlertNotificationJson {
  return {
    id: d.id,
    connectionId: d.connectionId,
    triggerType: d.triggerType,
    status: d.status,
    attempts: d.attempts,
    httpStatus: d.httpStatus,
    lastError: d.lastError,
    createdAt: new Date(d.createdAt).toISOString(),
    sentAt: iso(d.sentAt),
  };
}

export type AlertsService = ReturnType<typeof createAlertsService>;

export function createAlertsService(deps: { store: Store; clock: Clock; logger: Logger; publicUrl?: string }) {
  const { store, clock } = deps;

  async function views(alerts: AlertRecord[]): Promise<AlertJson[]> {
    const deliveries = await store.alerts.listDeliveries({ alertIds: alerts.map((a) => a.id) });
    const names = new Map<string, string | null>();
    for (const id of new Set(alerts.map((a) => a.monitorId))) names.set(id, (await store.monitors.get(id))?.name ?? null);
    return alerts.map((a) => ({
      id: a.id,
      monitorId: a.monitorId,
      monitorName: names.get(a.monitorId) ?? null,
      status: a.resolvedAt === null ? 'Active' : 'Resolved',
      triggerType: a.triggerType,
      series: a.seriesKey,
      value: a.value,
      startedAt: new Date(a.startedAt).toISOString(),
      resolvedAt: iso(a.resolvedAt),
      resolution: a.resolution,
      resolvedBy: a.resolvedBy,
      acknowledged: a.acknowledgedAt !== null,
      acknowledgedAt: iso(a.acknowledgedAt),
      acknowledgedBy: a.acknowledgedBy,
      notifications: deliveries.filter((d) => d.alertId === a.id).map(notificationJson),
    }));
  }

  async function find(id: string): Promise<AlertRecord> {
    const alert = await store.alerts.get(id);
    if (alert === undefined) throw new NotFoundError(`alert ${id}`);
    return alert;
  }

  async function one(id: string): Promise<AlertJson> {
    const [view] = await views([await find(id)]);
    return view;
  }

  return {
    /** `GET /v1/alerts`: newest first, filtered by `status` and `monitorId`, paged by `limit` and `token`. */
    async list(query: { status?: string; monitorId?: string; limit?: unknown; token?: unknown }) {
      if (query.status !== undefined && !ALERT_STATUSES.includes(query.status as AlertStatus)) {
        throw new ValidationError('status', `must be one of ${ALERT_STATUSES.join(', ')}`);
      }
      const limit = pageNumber(query.limit, 'limit', { fallback: DEFAULT_ALERTS_PAGE, min: 1, max: MAX_ALERTS_PAGE });
      const offset = pageNumber(
        query.token,
        'token',
        { fallback: 0, min: 0, max: MAX_PAGE_OFFSET },
        'is not a continuation token this API returned',
      );
      const { alerts, total } = await store.alerts.list({
        status: query.status as AlertStatus | undefined,
        monitorId: query.monitorId,
        limit,
        offset,
      });
      return { data: await views(alerts), total, next: offset + alerts.length < total ? String(offset + alerts.length) : null };
    },
    get: one,
    /** Marks an open alert as being looked at; it stays open and its monitor keeps evaluating it. */
    async acknowledge(id: string, by: string): Promise<AlertJson> {
      const alert = await find(id);
      if (alert.resolvedAt !== null) throw new ValidationError('status', 'the alert is Resolved: only an Active alert can be acknowledged');
      await store.alerts.acknowledge(id, clock.now(), by);
      return one(id);
    },
    /**
     * Closes an open alert by hand and queues its Resolved notifications. Its monitor opens no new alert
     * for the same trigger type and series until the condition has cleared once (see docs/monitors.md).
     * Resolving a resolved alert changes nothing.
     */
    async resolve(id: string, by: string): Promise<AlertJson> {
      const alert = await find(id);
      if (alert.resolvedAt === null) {
        const now = clock.now();
        const deliveries = await handResolutionDeliveries(alert, store, { now, publicUrl: deps.publicUrl, logger: deps.logger });
        await store.alerts.resolveByHand(id, now, by, deliveries);
      }
      return one(id);
    },
  };
}
