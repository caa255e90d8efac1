import { useEffect, useMemo, useState } from 'react';
import type { DashboardPanel } from '../../model/dashboard.js';
import { errorText } from '../api.js';
import { barOption, labelFieldOf, lineOption, mapOption, pieOption, valueFieldOf } from '../chart-options.js';
import { type PanelResult, runPanel } from '../panels.js';
import { href } from '../router.js';
import { columnsOf, DataTable } from './DataTable.js';
import { EChart, ensureWorldMap } from './EChart.js';

type PanelState = { kind: 'loading' } | { kind: 'error'; message: string } | { kind: 'done'; result: PanelResult };

/**
 * What draws each chart type: ours, and Sumo's (`visualSettings.general.type` of an imported dashboard).
 * A honeycomb is drawn as a table of its values.
 */
const DRAWN_AS: Record<string, 'singleValue' | 'bar' | 'pie' | 'line' | 'table' | 'map'> = {
  singleValue: 'singleValue',
  svp: 'singleValue',
  bar: 'bar',
  column: 'bar',
  pie: 'pie',
  line: 'line',
  area: 'line',
  table: 'table',
  map: 'map',
  honeyComb: 'table',
};

/** Why a panel is not drawn here (another panel type, an unknown chart type), or undefined. */
function unsupportedReason(panel: DashboardPanel): string | undefined {
  const panelType: string = panel.panelType;
  if (panelType !== 'SumoSearchPanel') return `${panelType} panels are not supported here.`;
  const chart: unknown = panel.visualSettings?.general?.type;
  return typeof chart === 'string' && Object.hasOwn(DRAWN_AS, chart)
    ? undefined
    : `The chart type ${JSON.stringify(chart ?? null)} is not supported here.`;
}

/** A panel draws at most this many rows (charts and tables stay readable). */
const PANEL_ROWS = 100;

export interface PanelProps {
  panel: DashboardPanel;
  variables: Record<string, string>;
  range: { from: number; to: number };
  rangeText: { from: string; to: string };
  /** Changes on every refresh, so the query runs again. */
  refreshKey: number;
}

/** One dashboard panel: the server runs its query with the filter values; this draws the typed rows. */
export function Panel({ panel, variables, range, rangeText, refreshKey }: PanelProps) {
  const template = panel.queries[0]?.queryString ?? '';
  const unsupported = unsupportedReason(panel);
  const [state, setState] = useState<PanelState>(unsupported ? { kind: 'error', message: unsupported } : { kind: 'loading' });

  // biome-ignore lint/correctness/useExhaustiveDependencies: refreshKey is the trigger to run again
  useEffect(() => {
    if (unsupported) return;
    const abort = new AbortController();
    setState({ kind: 'loading' });
    runPanel({ query: template, variables, from: range.from, to: range.to }, abort.signal)
      .then((result) => setState({ kind: 'done', result: { ...result, rows: result.rows.slice(0, PANEL_ROWS) } }))
      .catch((error) => {
        if (!abort.signal.aborted) setState({ kind: 'error', message: errorText(error) });
      });
    return () => abort.abort();
  }, [unsupported, template, variables, range.from, range.to, refreshKey]);

  // Only the server substitutes variables; until it has answered (or when the query fails, as Search
  // would show too) the link opens the query as written, whose unset variables match everything.
  const query = state.kind === 'done' ? state.result.query : template;

  const type = DRAWN_AS[panel.visualSettings?.general?.type] ?? 'table';
  return (
    <section className="panel" data-panel-title={panel.title} data-state={state.kind} aria-busy={state.kind === 'loading'}>
      <header className="panel-header">
        <h3 title={panel.title}>{panel.title}</h3>
        <a className="panel-link" href={href('/search', { q: query, from: rangeText.from, to: rangeText.to })}>
          Open in Search
        </a>
      </header>
      <div className="panel-body">
        {state.kind === 'loading' ? <div className="panel-message">Loading…</div> : null}
        {state.kind === 'error' ? (
          <div className="panel-message panel-error" role="alert">
            {state.message}
          </div>
        ) : null}
        {state.kind === 'done' ? <PanelContent panel={panel} type={type} result={state.result} /> : null}
      </div>
    </section>
  );
}

function PanelContent({ panel, type, result }: { panel: DashboardPanel; type: string; result: PanelResult }) {
  const { rows, fields } = result;
  const settings = panel.visualSettings;
  const valueField = valueFieldOf(rows, fields, settings.valueField);
  const labelField = labelFieldOf(rows, valueField, settings.labelField);
  const option = useMemo(() => {
    if (!rows.length || !valueField || !labelField) return undefined;
    if (type === 'bar') return barOption(rows, labelField, valueField);
    if (type === 'pie') return pieOption(rows, labelField, valueField);
    if (type === 'line') return lineOption(rows, labelField, valueField);
    if (type === 'map') {
      ensureWorldMap();
      return mapOption(rows, valueField);
    }
    return undefined;
  }, [rows, type, labelField, valueField]);

  if (!rows.length) return <div className="panel-message panel-empty">No data in this time range</div>;
  if (type === 'singleValue') {
    const value = valueField ? rows[0][valueField] : undefined;
    return (
      <div className="single-value" data-value={value === null || value === undefined ? '' : String(value)}>
        {value === undefined || value === null ? '—' : typeof value === 'number' ? value.toLocaleString('en-US') : String(value)}
      </div>
    );
  }
  if (type === 'table') {
    return <DataTable columns={settings.columns ?? columnsOf(rows, fields)} rows={rows} label={panel.title} />;
  }
  if (!option) return <div className="panel-message panel-empty">No data in this time range</div>;
  return <EChart option={option} label={panel.title} />;
}
