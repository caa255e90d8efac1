import type { HealthEventView } from '../../model/api-views.js';
import { formatTime } from '../time.js';

export function HealthEventTable({ events }: { events: HealthEventView[] }) {
  if (!events.length) return <p className="empty">No health events.</p>;
  return (
    <div className="table-wrap">
      <table className="data-table" aria-label="Health events">
        <thead>
          <tr>
            <th>Time</th>
            <th>Severity</th>
            <th>Event</th>
            <th>Collector</th>
            <th>Source or monitor</th>
            <th>Error</th>
            <th>Status</th>
          </tr>
        </thead>
        <tbody>
          {events.map((e) => (
            <tr key={e.eventId} className={`severity-${e.severityLevel.toLowerCase()}`}>
              <td>{formatTime(e.eventTime)}</td>
              <td>{e.severityLevel}</td>
              <td>{e.eventName}</td>
              <td>{'collectorName' in e.resourceIdentity ? e.resourceIdentity.collectorName : ''}</td>
              <td>{e.resourceIdentity.type === 'Monitor' ? `Monitor: ${e.resourceIdentity.name}` : e.resourceIdentity.name}</td>
              <td className="wrap">
                {e.details.error}
                {e.details.description && e.details.description !== e.details.error ? (
                  <div className="muted">{e.details.description}</div>
                ) : null}
              </td>
              <td>{e.status}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
