import { Mutex } from '../../core/mutex.js';
import type { AlertsRepository } from '../alerts.js';
import type { ConnectionsRepository } from '../connections.js';
import type { MonitorsRepository } from '../monitors.js';
import { alertsRepository, connectionsRepository, monitorsRepository, type SqlExecutor } from '../monitors-sql.js';
import type { Row } from '../store.js';
import type { PostgresContext } from './context.js';
import { LOCK_MONITOR_INSTALL, LOCK_NAMESPACE } from './migrations.js';

/** The monitors, connections and alerts repositories on the pool; claims skip rows another process has locked. */
export function monitorRepositories(ctx: PostgresContext): {
  monitors: MonitorsRepository;
  connections: ConnectionsRepository;
  alerts: AlertsRepository;
} {
  const { db } = ctx;
  // In this process one at a time first: installs each holding a pooled connection while they wait for the
  // advisory lock could leave the holder none for its own statements.
  const installs = new Mutex();
  const executor: SqlExecutor = {
    run: (sql, params = []) => db.rows<Row>(sql, params),
    tx: (work) => db.tx((client) => work(async (sql, params = []) => (await client.query(sql, params as unknown[])).rows as Row[])),
    skipLocked: 'FOR UPDATE SKIP LOCKED',
    // The transaction only holds the advisory lock until `work` ends; `work` runs its statements on the pool.
    exclusively: (work) =>
      installs.run(() =>
        db.tx(async (client) => {
          await client.query('SELECT pg_advisory_xact_lock($1, $2)', [LOCK_NAMESPACE, LOCK_MONITOR_INSTALL]);
          return work();
        }),
      ),
    clock: ctx.clock,
    secrets: ctx.secrets,
  };
  return { monitors: monitorsRepository(executor), connections: connectionsRepository(executor), alerts: alertsRepository(executor) };
}
