import { type ReactNode, useEffect, useState } from 'react';
import type { DashboardPanel } from '../../model/dashboard.js';
import { errorText } from '../api.js';
import { panelKind } from '../dashboard-model.js';
import { type PanelResult, runPanel } from '../panels.js';
import { href } from '../router.js';
import { PanelChart } from './PanelChart.js';

type PanelState = { kind: 'loading' } | { kind: 'error'; message: string } | { kind: 'done'; result: PanelResult };

export interface PanelProps {
  panel: DashboardPanel;
  variables: Record<string, string>;
  range: { from: number; to: number };
  rangeText: { from: string; to: string };
  /** Changes on every refresh, so the query runs again. */
  refreshKey: number;
  /** The editor's buttons (edit, delete, move), in the header. */
  actions?: ReactNode;
}

/** One dashboard panel: the server runs its query with the filter values; this draws the typed rows. */
export function Panel({ panel, variables, range, rangeText, refreshKey, actions }: PanelProps) {
  const template = panel.queries[0]?.queryString ?? '';
  const [state, setState] = useState<PanelState>({ kind: 'loading' });
  const draw = panelKind(panel);
  const drawable = 'kind' in draw;

  // biome-ignore lint/correctness/useExhaustiveDependencies: refreshKey is the trigger to run again
  useEffect(() => {
    // A panel the UI cannot draw runs nothing: its place says so instead.
    if (!drawable) return;
    const abort = new AbortController();
    setState({ kind: 'loading' });
    runPanel({ query: template, variables, from: range.from, to: range.to }, abort.signal)
      .then((result) => setState({ kind: 'done', result }))
      .catch((error) => {
        if (!abort.signal.aborted) setState({ kind: 'error', message: errorText(error) });
      });
    return () => abort.abort();
  }, [drawable, template, variables, range.from, range.to, refreshKey]);

  // Only the server substitutes variables; until it has answered (or when the query fails, as Search
  // would show too) the link opens the query as written, whose unset variables match everything.
  const query = state.kind === 'done' ? state.result.query : template;

  const shown = 'kind' in draw ? state.kind : 'unsupported';
  return (
    <section className="panel" data-panel-title={panel.title} data-state={shown} aria-busy={shown === 'loading'}>
      <header className="panel-header">
        <h3 title={panel.title}>{panel.title}</h3>
        {actions}
        <a className="panel-link" href={href('/search', { q: query, from: rangeText.from, to: rangeText.to })}>
          Open in Search
        </a>
      </header>
      {panel.panelFilters?.length || panel.timeRange ? (
        <ul className="panel-filters" aria-label="Panel filters">
          {panel.timeRange ? <li>time: {panel.timeRange.from.relativeTime}</li> : null}
          {(panel.panelFilters ?? []).map((f) => (
            <li key={f.name}>
              {f.name} = {f.value || '""'}
            </li>
          ))}
        </ul>
      ) : null}
      <div className="panel-body">
        {'unsupported' in draw ? <div className="panel-message panel-unsupported">{draw.unsupported}</div> : null}
        {'kind' in draw && state.kind === 'loading' ? <div className="panel-message">Loading…</div> : null}
        {'kind' in draw && state.kind === 'error' ? (
          <div className="panel-message panel-error" role="alert">
            {state.message}
          </div>
        ) : null}
        {'kind' in draw && state.kind === 'done' ? <PanelChart panel={panel} kind={draw.kind} result={state.result} /> : null}
      </div>
    </section>
  );
}
