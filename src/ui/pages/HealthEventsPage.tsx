import { useCallback, useEffect, useState } from 'react';
import type { HealthEventView } from '../../model/api-views.js';
import { api, errorText } from '../api.js';
import { HealthEventTable } from '../components/HealthEventTable.js';
import { PageError } from '../components/PageError.js';

/** Open (unresolved) health events of every source, filtered in the page. */
export function HealthEventsPage() {
  const [events, setEvents] = useState<HealthEventView[] | undefined>();
  const [error, setError] = useState<string | undefined>();
  const [severity, setSeverity] = useState<'all' | 'Error' | 'Warning'>('all');
  const [text, setText] = useState('');

  const load = useCallback(async () => {
    try {
      const all: HealthEventView[] = [];
      let token: string | null = null;
      do {
        const page: { data: HealthEventView[]; next: string | null } = await api(
          `/api/v1/healthEvents?limit=100${token ? `&token=${encodeURIComponent(token)}` : ''}`,
        );
        all.push(...page.data);
        token = page.next;
      } while (token && all.length < 1000);
      setEvents(all);
      setError(undefined);
    } catch (e) {
      setError(errorText(e));
    }
  }, []);

  useEffect(() => {
    load();
    const timer = setInterval(load, 5000);
    return () => clearInterval(timer);
  }, [load]);

  const needle = text.trim().toLowerCase();
  const shown = (events ?? []).filter(
    (e) =>
      (severity === 'all' || e.severityLevel === severity) &&
      (!needle ||
        [
          e.eventName,
          e.resourceIdentity.name,
          e.resourceIdentity.type,
          'collectorName' in e.resourceIdentity ? e.resourceIdentity.collectorName : '',
          e.details.error,
          e.details.description,
        ]
          .join(' ')
          .toLowerCase()
          .includes(needle)),
  );

  return (
    <div>
      <div className="page-header">
        <h1>Health Events</h1>
        <div className="toolbar">
          <select aria-label="Severity" value={severity} onChange={(e) => setSeverity(e.target.value as typeof severity)}>
            <option value="all">All severities</option>
            <option value="Error">Errors</option>
            <option value="Warning">Warnings</option>
          </select>
          <input
            aria-label="Filter health events"
            placeholder="Filter by source, collector, error…"
            value={text}
            onChange={(e) => setText(e.target.value)}
          />
          <button type="button" onClick={load}>
            Refresh
          </button>
        </div>
      </div>
      <PageError message={error} />
      {events === undefined ? <div className="page-loading">Loading…</div> : <HealthEventTable events={shown} />}
    </div>
  );
}
