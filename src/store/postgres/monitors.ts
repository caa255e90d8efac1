import type { Clock } from '../../core/clock.js';
import type { AlertsRepository } from '../alerts.js';
import type { ConnectionsRepository } from '../connections.js';
import type { MonitorsRepository } from '../monitors.js';
import { alertsRepository, connectionsRepository, monitorsRepository, type SqlExecutor } from '../monitors-sql.js';
import type { SecretBox } from '../secrets.js';
import type { Row } from '../store.js';
import type { Db } from './db.js';

/** The monitors, connections and alerts repositories on the pool; claims skip rows another process has locked. */
export function monitorRepositories(
  db: Db,
  clock: Clock,
  secrets: SecretBox,
): { monitors: MonitorsRepository; connections: ConnectionsRepository; alerts: AlertsRepository } {
  const executor: SqlExecutor = {
    run: (sql, params = []) => db.rows<Row>(sql, params),
    tx: (work) => db.tx((client) => work(async (sql, params = []) => (await client.query(sql, params as unknown[])).rows as Row[])),
    skipLocked: 'FOR UPDATE SKIP LOCKED',
    clock,
    secrets,
  };
  return { monitors: monitorsRepository(executor), connections: connectionsRepository(executor), alerts: alertsRepository(executor) };
}
