import { randomBytes } from 'node:crypto';
import type { Clock } from '../core/clock.js';
import { AppError, NotFoundError } from '../core/errors.js';
import { type ConnectionDefinition, type ConnectionHeader, type ConnectionRecord, isSecretHeader } from '../model/connection.js';
import type { MonitorItem } from '../model/monitor.js';
import type { AlertRecord, AlertsRepository, DeliveryRecord, NewDelivery } from './alerts.js';
import type { ConnectionsRepository } from './connections.js';
import type { MonitorsRepository } from './monitors.js';
import type { SecretBox } from './secrets.js';
import type { Row } from './store.js';

/**
 * The monitors, connections and alerts repositories, written once for both backends: the statements use
 * `$n` parameters and SQL both DuckDB and PostgreSQL accept. What differs is handed in: how to run a
 * statement and a transaction, and whether the database can skip rows other processes have locked.
 */

export type RunSql = (sql: string, params?: readonly unknown[]) => Promise<Row[]>;

export interface SqlExecutor {
  run: RunSql;
  /** Runs `work` in one transaction. */
  tx<T>(work: (run: RunSql) => Promise<T>): Promise<T>;
  /** `FOR UPDATE SKIP LOCKED` on PostgreSQL; `''` on DuckDB, whose one writer needs no row locks. */
  skipLocked: string;
  /** The install lock (MonitorsRepository.exclusively). */
  exclusively<T>(work: () => Promise<T>): Promise<T>;
  clock: Clock;
  secrets: SecretBox;
}

function newId(): string {
  return randomBytes(8).toString('hex').toUpperCase();
}

const num = (v: unknown) => Number(v);
const numOrNull = (v: unknown) => (v === null || v === undefined ? null : Number(v));

function staleError(what: string): AppError {
  return new AppError('precondition.failed', `the ${what} has changed since it was read (version does not match)`);
}

function toMonitorItem(r: Row): MonitorItem {
  return {
    id: String(r.id),
    parentId: r.parent_id === null ? null : String(r.parent_id),
    type: String(r.item_type) as MonitorItem['type'],
    name: String(r.name),
    body: JSON.parse(String(r.body)) as Record<string, unknown>,
    isDisabled: r.is_disabled === true,
    version: num(r.version),
    createdAt: num(r.created_at),
    createdBy: String(r.created_by),
    modifiedAt: num(r.modified_at),
    modifiedBy: String(r.modified_by),
  };
}

export function monitorsRepository(x: SqlExecutor): MonitorsRepository {
  const get = async (id: string) => {
    const [row] = await x.run('SELECT * FROM monitors WHERE id = $1', [id]);
    return row ? toMonitorItem(row) : undefined;
  };
  return {
    async create(item) {
      const id = newId();
      const now = x.clock.now();
      await x.run(
        `INSERT INTO monitors (id, parent_id, item_type, name, body, is_disabled, version, created_at, created_by, modified_at, modified_by, next_eval_at)
         VALUES ($1, $2, $3, $4, $5, $6, 1, $7, $8, $7, $8, $7)`,
        [id, item.parentId, item.type, item.name, JSON.stringify(item.body), item.isDisabled, now, item.createdBy],
      );
      return (await get(id)) as MonitorItem;
    },
    get,
    async children(parentId) {
      const rows = await x.run('SELECT * FROM monitors WHERE parent_id = $1 ORDER BY name, id', [parentId]);
      return rows.map(toMonitorItem);
    },
    async update(id, change, expectedVersion) {
      return x.tx(async (run) => {
        const [row] = await run('SELECT version FROM monitors WHERE id = $1', [id]);
        if (!row) throw new NotFoundError(`monitor ${id}`);
        if (expectedVersion !== undefined && num(row.version) !== expectedVersion) throw staleError('monitor');
        const now = x.clock.now();
        // The version read is checked again as the row is written: a change or delete another process
        // commits in between makes this one stale instead of overwriting it.
        const [updated] = await run(
          `UPDATE monitors SET name = $2, body = $3, is_disabled = $4, version = version + 1, modified_at = $5, modified_by = $6, next_eval_at = $5
           WHERE id = $1 AND version = $7 RETURNING *`,
          [id, change.name, JSON.stringify(change.body), change.isDisabled, now, change.modifiedBy, num(row.version)],
        );
        if (!updated) throw staleError('monitor');
        return toMonitorItem(updated);
      });
    },
    async delete(id, expectedVersion) {
      return x.tx(async (run) => {
        const found = await run(
          `DELETE FROM monitors WHERE id = $1 ${expectedVersion === undefined ? '' : 'AND version = $2'} RETURNING id`,
          [id, ...(expectedVersion === undefined ? [] : [expectedVersion])],
        );
        if (found.length === 0) {
          if ((await run('SELECT id FROM monitors WHERE id = $1', [id])).length > 0) throw staleError('monitor');
          return false;
        }
        // Breadth first: a folder's whole subtree goes in the same transaction.
        const doomed = [id];
        for (let i = 0; i < doomed.length; i++) {
          for (const child of await run('SELECT id FROM monitors WHERE parent_id = $1', [doomed[i]])) doomed.push(String(child.id));
        }
        for (const each of doomed) await run('DELETE FROM monitors WHERE id = $1', [each]);
        return true;
      });
    },
    async claimDue(now, intervalMs, max) {
      const rows = await x.run(
        `UPDATE monitors SET next_eval_at = $1 + $2 WHERE id IN (
           SELECT id FROM monitors WHERE item_type = 'MonitorsLibraryMonitor' AND NOT is_disabled AND next_eval_at <= $1
           ORDER BY next_eval_at, id LIMIT $3 ${x.skipLocked})
         RETURNING *`,
        [now, intervalMs, max],
      );
      return rows.map(toMonitorItem).sort((a, b) => (a.id < b.id ? -1 : 1));
    },
    exclusively: (work) => x.exclusively(work),
  };
}

/** Secret header values leave the body and travel sealed in `secret`, bound to the connection's id. */
function splitSecrets(id: string, def: ConnectionDefinition, secrets: SecretBox): { body: string; secret: string } {
  const sealed: Record<string, string> = {};
  const strip = (list: ConnectionHeader[], kind: string) =>
    list.map((h, i) => {
      if (!isSecretHeader(h.name)) return h;
      sealed[`${kind}.${i}`] = h.value;
      return { name: h.name, value: '' };
    });
  const body = { ...def, headers: strip(def.headers, 'headers'), customHeaders: strip(def.customHeaders, 'customHeaders') };
  return { body: JSON.stringify(body), secret: secrets.seal(JSON.stringify(sealed), id) };
}

function toConnection(r: Row, secrets: SecretBox): ConnectionRecord {
  const id = String(r.id);
  const def = JSON.parse(String(r.body)) as ConnectionDefinition;
  const sealed = JSON.parse(secrets.open(String(r.secret), id)) as Record<string, string>;
  const join = (list: ConnectionHeader[], kind: string) =>
    list.map((h, i) => (sealed[`${kind}.${i}`] === undefined ? h : { name: h.name, value: sealed[`${kind}.${i}`] }));
  return {
    ...def,
    headers: join(def.headers, 'headers'),
    customHeaders: join(def.customHeaders, 'customHeaders'),
    id,
    createdAt: num(r.created_at),
    createdBy: String(r.created_by),
    modifiedAt: num(r.modified_at),
    modifiedBy: String(r.modified_by),
    version: num(r.version),
  };
}

export function connectionsRepository(x: SqlExecutor): ConnectionsRepository {
  const get = async (id: string) => {
    const [row] = await x.run('SELECT * FROM connections WHERE id = $1', [id]);
    return row ? toConnection(row, x.secrets) : undefined;
  };
  return {
    async create(definition, createdBy) {
      const id = newId();
      const now = x.clock.now();
      const { body, secret } = splitSecrets(id, definition, x.secrets);
      await x.run(
        `INSERT INTO connections (id, name, body, secret, version, created_at, created_by, modified_at, modified_by)
         VALUES ($1, $2, $3, $4, 1, $5, $6, $5, $6)`,
        [id, definition.name, body, secret, now, createdBy],
      );
      return (await get(id)) as ConnectionRecord;
    },
    get,
    async list() {
      return (await x.run('SELECT * FROM connections ORDER BY name, id')).map((r) => toConnection(r, x.secrets));
    },
    async update(id, definition, modifiedBy, expectedVersion) {
      return x.tx(async (run) => {
        const [row] = await run('SELECT version FROM connections WHERE id = $1', [id]);
        if (!row) throw new NotFoundError(`connection ${id}`);
        if (expectedVersion !== undefined && num(row.version) !== expectedVersion) throw staleError('connection');
        const { body, secret } = splitSecrets(id, definition, x.secrets);
        // Checked again as it is written, as a monitor's update is.
        const [updated] = await run(
          `UPDATE connections SET name = $2, body = $3, secret = $4, version = version + 1, modified_at = $5, modified_by = $6
           WHERE id = $1 AND version = $7 RETURNING *`,
          [id, definition.name, body, secret, x.clock.now(), modifiedBy, num(row.version)],
        );
        if (!updated) throw staleError('connection');
        return toConnection(updated, x.secrets);
      });
    },
    async delete(id, expectedVersion) {
      const deleted = await x.run(
        `DELETE FROM connections WHERE id = $1 ${expectedVersion === undefined ? '' : 'AND version = $2'} RETURNING id`,
        [id, ...(expectedVersion === undefined ? [] : [expectedVersion])],
      );
      if (deleted.length > 0) return true;
      if (expectedVersion !== undefined && (await get(id))) throw staleError('connection');
      return false;
    },
  };
}

function toAlert(r: Row): AlertRecord {
  return {
    id: String(r.id),
    monitorId: String(r.monitor_id),
    triggerType: String(r.trigger_type) as AlertRecord['triggerType'],
    seriesKey: String(r.series_key),
    value: num(r.value),
    startedAt: num(r.started_at),
    resolvedAt: numOrNull(r.resolved_at),
    resolution: r.resolution === null ? null : (String(r.resolution) as AlertRecord['resolution']),
    resolvedBy: r.resolved_by === null || r.resolved_by === undefined ? null : String(r.resolved_by),
    acknowledgedAt: numOrNull(r.acknowledged_at),
    acknowledgedBy: r.acknowledged_by === null || r.acknowledged_by === undefined ? null : String(r.acknowledged_by),
  };
}

function toDelivery(r: Row): DeliveryRecord {
  return {
    id: String(r.id),
    alertId: String(r.alert_id),
    monitorId: String(r.monitor_id),
    connectionId: String(r.connection_id),
    triggerType: String(r.trigger_type) as DeliveryRecord['triggerType'],
    payload: String(r.payload),
    status: String(r.status) as DeliveryRecord['status'],
    attempts: num(r.attempts),
    nextAttemptAt: num(r.next_attempt_at),
    lastError: r.last_error === null ? null : String(r.last_error),
    httpStatus: numOrNull(r.http_status),
    createdAt: num(r.created_at),
    sentAt: numOrNull(r.sent_at),
  };
}

async function queueDeliveries(run: RunSql, alertId: string, monitorId: string, deliveries: NewDelivery[], now: number): Promise<void> {
  for (const d of deliveries) {
    await run(
      `INSERT INTO alert_deliveries (id, alert_id, monitor_id, connection_id, trigger_type, payload, status, attempts, next_attempt_at, claimed_until, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, 'Pending', 0, $7, 0, $7)`,
      [d.id, alertId, monitorId, d.connectionId, d.triggerType, d.payload, now],
    );
  }
}

export function alertsRepository(x: SqlExecutor): AlertsRepository {
  return {
    async open(alert, deliveries) {
      return x.tx(async (run) => {
        // DuckDB's one writer makes check-then-insert safe; on PostgreSQL two processes may both pass the
        // check, and the partial unique index on open alerts lets exactly one insert through.
        const open = await run(
          `SELECT id FROM monitor_alerts WHERE monitor_id = $1 AND trigger_type = $2 AND series_key = $3 AND resolved_at IS NULL`,
          [alert.monitorId, alert.triggerType, alert.seriesKey],
        );
        if (open.length > 0) return undefined;
        const inserted = await run(
          `INSERT INTO monitor_alerts (id, monitor_id, trigger_type, series_key, value, started_at, resolved_at, resolution)
           VALUES ($1, $2, $3, $4, $5, $6, NULL, NULL) ON CONFLICT DO NOTHING RETURNING id`,
          [alert.id, alert.monitorId, alert.triggerType, alert.seriesKey, alert.value, alert.startedAt],
        );
        if (inserted.length === 0) return undefined;
        await queueDeliveries(run, alert.id, alert.monitorId, deliveries, x.clock.now());
        return { ...alert, resolvedAt: null, resolution: null, resolvedBy: null, acknowledgedAt: null, acknowledgedBy: null };
      });
    },
    async resolve(alertId, at, resolution, deliveries) {
      return x.tx(async (run) => {
        const changed = await run(
          'UPDATE monitor_alerts SET resolved_at = $2, resolution = $3 WHERE id = $1 AND resolved_at IS NULL RETURNING monitor_id',
          [alertId, at, resolution],
        );
        if (changed.length === 0) return false;
        await queueDeliveries(run, alertId, String(changed[0].monitor_id), deliveries, x.clock.now());
        return true;
      });
    },
    async listOpen(monitorId) {
      const rows = await x.run('SELECT * FROM monitor_alerts WHERE monitor_id = $1 AND resolved_at IS NULL ORDER BY started_at, id', [
        monitorId,
      ]);
      return rows.map(toAlert);
    },
    async resolveByHand(alertId, at, by, deliveries) {
      return x.tx(async (run) => {
        const changed = await run(
          `UPDATE monitor_alerts SET resolved_at = $2, resolution = 'Manual', resolved_by = $3, held = true
           WHERE id = $1 AND resolved_at IS NULL RETURNING monitor_id`,
          [alertId, at, by],
        );
        if (changed.length === 0) return false;
        await queueDeliveries(run, alertId, String(changed[0].monitor_id), deliveries, x.clock.now());
        return true;
      });
    },
    async listHeld(monitorId) {
      const rows = await x.run('SELECT * FROM monitor_alerts WHERE monitor_id = $1 AND held ORDER BY started_at, id', [monitorId]);
      return rows.map(toAlert);
    },
    async release(alertId) {
      await x.run('UPDATE monitor_alerts SET held = false WHERE id = $1', [alertId]);
    },
    async acknowledge(alertId, at, by) {
      const changed = await x.run(
        'UPDATE monitor_alerts SET acknowledged_at = $2, acknowledged_by = $3 WHERE id = $1 AND resolved_at IS NULL RETURNING id',
        [alertId, at, by],
      );
      return changed.length > 0;
    },
    async get(alertId) {
      const [row] = await x.run('SELECT * FROM monitor_alerts WHERE id = $1', [alertId]);
      return row ? toAlert(row) : undefined;
    },
    async list(filter) {
      const where: string[] = [];
      const params: unknown[] = [];
      if (filter.monitorId !== undefined) {
        params.push(filter.monitorId);
        where.push(`monitor_id = $${params.length}`);
      }
      if (filter.status === 'Active') where.push('resolved_at IS NULL');
      if (filter.status === 'Resolved') where.push('resolved_at IS NOT NULL');
      const clause = where.length === 0 ? '' : `WHERE ${where.join(' AND ')}`;
      const [count] = await x.run(`SELECT count(*) AS n FROM monitor_alerts ${clause}`, params);
      const rows = await x.run(
        `SELECT * FROM monitor_alerts ${clause} ORDER BY started_at DESC, id LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
        [...params, filter.limit, filter.offset],
      );
      return { alerts: rows.map(toAlert), total: num(count.n) };
    },
    async claimDeliveries(now, leaseMs, max) {
      const rows = await x.run(
        `UPDATE alert_deliveries SET claimed_until = $1 + $2 WHERE id IN (
           SELECT id FROM alert_deliveries WHERE status = 'Pending' AND next_attempt_at <= $1 AND claimed_until <= $1
           ORDER BY next_attempt_at, id LIMIT $3 ${x.skipLocked})
         RETURNING *`,
        [now, leaseMs, max],
      );
      return rows.map(toDelivery).sort((a, b) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : 1));
    },
    async recordDelivery(id, outcome, at) {
      await x.run(
        `UPDATE alert_deliveries SET status = $2, attempts = $3, next_attempt_at = $4, last_error = $5, http_status = $6,
           claimed_until = 0, sent_at = $7 WHERE id = $1`,
        [
          id,
          outcome.status,
          outcome.attempts,
          outcome.nextAttemptAt,
          outcome.lastError,
          outcome.httpStatus,
          outcome.status === 'Sent' ? at : null,
        ],
      );
    },
    async listDeliveries(filter) {
      if (filter.alertIds !== undefined) {
        if (filter.alertIds.length === 0) return [];
        const marks = filter.alertIds.map((_, i) => `$${i + 1}`).join(', ');
        const rows = await x.run(`SELECT * FROM alert_deliveries WHERE alert_id IN (${marks}) ORDER BY created_at, id`, filter.alertIds);
        return rows.map(toDelivery);
      }
      const column = filter.alertId !== undefined ? 'alert_id' : 'monitor_id';
      const rows = await x.run(`SELECT * FROM alert_deliveries WHERE ${column} = $1 ORDER BY created_at, id`, [
        filter.alertId ?? filter.monitorId,
      ]);
      return rows.map(toDelivery);
    },
  };
}
