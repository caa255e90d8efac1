import { Mutex } from '../../core/mutex.js';
import type { AlertsRepository } from '../alerts.js';
import type { ConnectionsRepository } from '../connections.js';
import type { MonitorsRepository } from '../monitors.js';
import { alertsRepository, connectionsRepository, monitorsRepository, type SqlExecutor } from '../monitors-sql.js';
import { all } from './connection.js';
import type { DuckDbContext } from './context.js';

/** The monitors, connections and alerts repositories on DuckDB's one writer connection. */
export function monitorRepositories(ctx: DuckDbContext): {
  monitors: MonitorsRepository;
  connections: ConnectionsRepository;
  alerts: AlertsRepository;
} {
  // A DuckDB file is open in one process only, so a lock in this process is the whole lock.
  const installs = new Mutex();
  const executor: SqlExecutor = {
    run: (sql, params = []) => ctx.all(sql, params),
    tx: (work) => ctx.transaction((c) => work((sql, params = []) => all(c, sql, params))),
    skipLocked: '',
    exclusively: (work) => installs.run(work),
    clock: ctx.clock,
    secrets: ctx.secrets,
  };
  return { monitors: monitorsRepository(executor), connections: connectionsRepository(executor), alerts: alertsRepository(executor) };
}
