import { MONITOR_TYPE, type MonitorTemplate } from '../../model/monitor.js';
import { substituteLogsrc } from '../../model/scope.js';
import { EMBARGOED } from './pack.js';

/**
 * A monitor template made concrete: Sumo's monitor JSON (`POST /api/v1/monitors`) with the data source in
 * place of `$$logsrc` and the embargoed countries in place of `$$embargoed`. It has no notifications: the
 * user adds a connection to the monitors that should page someone.
 */
export function buildMonitor(template: MonitorTemplate, scope: string, embargoedCountries: readonly string[]): Record<string, unknown> {
  const countries = embargoedCountries.map((c) => JSON.stringify(c)).join(', ');
  return {
    type: MONITOR_TYPE,
    name: template.name,
    description: template.description,
    monitorType: 'Logs',
    queries: [{ rowId: 'A', query: substituteLogsrc(template.query, scope).split(EMBARGOED).join(countries) }],
    triggers: template.triggers,
    notifications: [],
    isDisabled: false,
  };
}
