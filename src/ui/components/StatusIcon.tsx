import type { HealthEventView, SourceView } from '../../model/api-views.js';

const ICON: Record<SourceView['health']['status'], string> = { Healthy: '●', Warning: '▲', Error: '✖' };

/** The health of a source at a glance; the tooltip counts and names its open health events. */
export function StatusIcon(props: { source: SourceView; events: HealthEventView[]; onOpen: () => void }) {
  const { status, errors, warnings } = props.source.health;
  const lines = [`${status}: ${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}`];
  for (const e of props.events) lines.push(`${e.severityLevel} ${e.eventName}: ${e.details.error || e.details.description}`);
  return (
    <button
      type="button"
      className={`status-icon status-${status.toLowerCase()}`}
      title={lines.join('\n')}
      aria-label={`Health: ${lines.join('; ')}`}
      data-status={status}
      onClick={props.onOpen}
    >
      <span aria-hidden="true">{ICON[status]}</span> {status}
    </button>
  );
}
