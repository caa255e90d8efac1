import { useCallback, useEffect, useState } from 'react';
import type { AlertJson, AlertStatus } from '../../model/alert.js';
import { api, errorText } from '../api.js';
import { PageError } from '../components/PageError.js';
import { href } from '../router.js';

const when = (iso: string | null) => (iso === null ? '' : new Date(iso).toLocaleString());

/** What the alert's notifications came to: `2 sent`, `1 failed`, … */
function notificationsText(alert: AlertJson): string {
  const counts = new Map<string, number>();
  for (const n of alert.notifications) counts.set(n.status, (counts.get(n.status) ?? 0) + 1);
  return [...counts].map(([status, n]) => `${n} ${status.toLowerCase()}`).join(', ') || 'none';
}

/**
 * Open and resolved alerts, newest first (of one monitor with `monitorId`); acknowledge and resolve by hand.
 * `focus` is the alert an alert's link names (`#/alerts/{id}`, a payload's `{{AlertResponseUrl}}`).
 */
export function AlertsPage({ focus, monitorId }: { focus?: string; monitorId?: string }) {
  const [status, setStatus] = useState<AlertStatus | ''>(focus ? '' : 'Active');
  const [alerts, setAlerts] = useState<AlertJson[] | undefined>();
  const [error, setError] = useState<string | undefined>();

  const load = useCallback(async () => {
    try {
      const query = new URLSearchParams({ limit: '500' });
      if (status) query.set('status', status);
      if (monitorId) query.set('monitorId', monitorId);
      const page = await api<{ data: AlertJson[] }>(`/api/v1/alerts?${query}`);
      setAlerts(page.data);
      setError(undefined);
    } catch (e) {
      setError(errorText(e));
    }
  }, [status, monitorId]);

  useEffect(() => {
    load();
    const timer = setInterval(load, 5000);
    return () => clearInterval(timer);
  }, [load]);

  const act = async (alert: AlertJson, action: 'acknowledge' | 'resolve') => {
    try {
      await api(`/api/v1/alerts/${encodeURIComponent(alert.id)}/${action}`, { method: 'POST' });
      await load();
    } catch (e) {
      setError(errorText(e));
    }
  };

  return (
    <div>
      <div className="page-header">
        <h1>Alerts</h1>
        <div className="toolbar">
          <select aria-label="Status" value={status} onChange={(e) => setStatus(e.target.value as AlertStatus | '')}>
            <option value="Active">Active</option>
            <option value="Resolved">Resolved</option>
            <option value="">All</option>
          </select>
          <button type="button" onClick={load}>
            Refresh
          </button>
        </div>
      </div>
      <PageError message={error} />
      {alerts === undefined ? (
        <div className="page-loading">Loading…</div>
      ) : alerts.length === 0 ? (
        <p className="muted">No {status ? status.toLowerCase() : ''} alerts.</p>
      ) : (
        <div className="table-wrap">
          <table className="data-table" aria-label="Alerts">
            <thead>
              <tr>
                <th>Monitor</th>
                <th>Trigger</th>
                <th>Series</th>
                <th>Value</th>
                <th>Started</th>
                <th>Ended</th>
                <th>Status</th>
                <th>Notifications</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {alerts.map((a) => (
                <tr key={a.id} data-alert={a.id} aria-current={a.id === focus ? 'true' : undefined}>
                  <td>
                    {a.monitorName === null ? (
                      <span className="muted">deleted monitor</span>
                    ) : (
                      <a href={href(`/monitors/${a.monitorId}`)}>{a.monitorName}</a>
                    )}
                  </td>
                  <td>{a.triggerType}</td>
                  <td>{a.series}</td>
                  <td>{a.value}</td>
                  <td>{when(a.startedAt)}</td>
                  <td>{when(a.resolvedAt)}</td>
                  <td>
                    {a.status}
                    {a.resolution === 'Manual' ? ' by hand' : ''}
                    {a.acknowledged && a.status === 'Active' ? ' · Acknowledged' : ''}
                  </td>
                  <td
                    title={a.notifications.map((n) => `${n.triggerType}: ${n.status}${n.lastError ? ` (${n.lastError})` : ''}`).join('\n')}
                  >
                    {notificationsText(a)}
                  </td>
                  <td className="row-actions">
                    {a.status === 'Active' && !a.acknowledged ? (
                      <button type="button" onClick={() => act(a, 'acknowledge')}>
                        Acknowledge
                      </button>
                    ) : null}
                    {a.status === 'Active' ? (
                      <button type="button" onClick={() => act(a, 'resolve')}>
                        Resolve
                      </button>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
