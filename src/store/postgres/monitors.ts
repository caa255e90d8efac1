import type { AlertsRepository } from '../alerts.js';
import type { ConnectionsRepository } from '../connections.js';
import type { MonitorsRepository } from '../monitors.js';
import { alertsRepository, connectionsRepository, monitorsRepository, type SqlExecutor } from '../monitors-sql.js';
import type { Row } from '../store.js';
import type { PostgresContext } from './context.js';

/** The monitors, connections and alerts repositories on the pool; claims skip rows another process has locked. */
export function monitorRepositories(ctx: PostgresContext): {
  monitors: MonitorsRepository;
  connections: ConnectionsRepository;
  alerts: AlertsRepository;
} {
  const { db } = ctx;
  const executor: SqlExecutor = {
    run: (sql, params = []) => db.rows<Row>(sql, params),
    tx: (work) => db.tx((client) => work(async (sql, params = []) => (await client.query(sql, params as unknown[])).rows as Row[])),
    skipLocked: 'FOR UPDATE SKIP LOCKED',
    clock: ctx.clock,
    secrets: ctx.secrets,
  };
  return { monitors: monitorsRepository(executor), connections: connectionsRepository(executor), alerts: alertsRepository(executor) };
}
