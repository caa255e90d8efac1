import { useEffect, useMemo, useState } from 'react';
import { applyVariables } from '../../content/variables.js';
import type { DashboardPanel } from '../../model/dashboard.js';
import { errorText } from '../api.js';
import { barOption, labelFieldOf, lineOption, mapOption, pieOption, valueFieldOf } from '../chart-options.js';
import { href } from '../router.js';
import { type Row, runSearch, type SearchResult } from '../search.js';
import { columnsOf, DataTable } from './DataTable.js';
import { EChart, ensureWorldMap } from './EChart.js';

type PanelState = { kind: 'loading' } | { kind: 'error'; message: string } | { kind: 'done'; result: SearchResult };

export interface PanelProps {
  panel: DashboardPanel;
  variables: Record<string, string>;
  range: { from: number; to: number };
  rangeText: { from: string; to: string };
  /** Changes on every refresh, so the query runs again. */
  refreshKey: number;
}

/** One dashboard panel: runs its query through the Search Job API and draws the result. */
export function Panel({ panel, variables, range, rangeText, refreshKey }: PanelProps) {
  const query = applyVariables(panel.queries[0]?.queryString ?? '', variables);
  const [state, setState] = useState<PanelState>({ kind: 'loading' });

  // biome-ignore lint/correctness/useExhaustiveDependencies: refreshKey is the trigger to run again
  useEffect(() => {
    const abort = new AbortController();
    setState({ kind: 'loading' });
    runSearch({ query, from: range.from, to: range.to, limit: 100 }, abort.signal)
      .then((result) => setState({ kind: 'done', result }))
      .catch((error) => {
        if (!abort.signal.aborted) setState({ kind: 'error', message: errorText(error) });
      });
    return () => abort.abort();
  }, [query, range.from, range.to, refreshKey]);

  const type = panel.visualSettings.general.type;
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

function PanelContent({ panel, type, result }: { panel: DashboardPanel; type: string; result: SearchResult }) {
  const rows: Row[] = result.records.length ? result.records : result.messages;
  const settings = panel.visualSettings;
  const valueField = valueFieldOf(rows, settings.valueField);
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
      <div className="single-value" data-value={value ?? ''}>
        {value === undefined ? '—' : Number(value).toLocaleString('en-US')}
      </div>
    );
  }
  if (type === 'table') {
    const fields = result.records.length ? result.recordFields : result.messageFields;
    return <DataTable columns={settings.columns ?? columnsOf(rows, fields)} rows={rows} label={panel.title} />;
  }
  if (!option) return <div className="panel-message panel-empty">No data in this time range</div>;
  return <EChart option={option} label={panel.title} />;
}
