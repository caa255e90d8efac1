import { useEffect, useMemo, useState } from 'react';
import type { DashboardDocument } from '../../model/dashboard.js';
import { api, errorText } from '../api.js';
import { Panel } from '../components/Panel.js';
import { TimeRangePicker } from '../components/TimeRangePicker.js';
import { runPanel } from '../panels.js';
import { href } from '../router.js';
import { resolveRange, type TimeRange } from '../time.js';

const REFRESH = [
  { label: 'Auto-refresh off', ms: 0 },
  { label: 'Every minute', ms: 60_000 },
  { label: 'Every 5 minutes', ms: 300_000 },
];

export function DashboardPage({ id }: { id: string }) {
  const [dashboard, setDashboard] = useState<DashboardDocument | undefined>();
  const [loadError, setLoadError] = useState<string | undefined>();
  const [range, setRange] = useState<TimeRange>({ from: '-7d', to: 'now' });
  const [draft, setDraft] = useState<Record<string, string>>({});
  const [variables, setVariables] = useState<Record<string, string>>({});
  const [refreshMs, setRefreshMs] = useState(0);
  const [refreshKey, setRefreshKey] = useState(0);
  const [now, setNow] = useState(() => Date.now());

  useEffect(() => {
    setDashboard(undefined);
    setLoadError(undefined);
    api<DashboardDocument>(`/api/v2/dashboards/${encodeURIComponent(id)}`)
      .then((d) => {
        setDashboard(d);
        setRange({ from: d.timeRange?.from?.relativeTime ?? '-7d', to: 'now' });
        const defaults = Object.fromEntries(d.variables.map((v) => [v.name, v.defaultValue]));
        setDraft(defaults);
        setVariables(defaults);
        if (d.refreshInterval) setRefreshMs(d.refreshInterval * 1000);
      })
      .catch((error) => setLoadError(errorText(error)));
  }, [id]);

  useEffect(() => {
    if (!refreshMs) return;
    const timer = setInterval(() => {
      setNow(Date.now());
      setRefreshKey((k) => k + 1);
    }, refreshMs);
    return () => clearInterval(timer);
  }, [refreshMs]);

  const resolved = useMemo(() => resolveRange(range, now), [range, now]);

  // The filter bar offers fixed values, or those a variable's query finds in the dashboard's time range.
  const [suggestions, setSuggestions] = useState<Record<string, string[]>>({});
  const rangeFrom = typeof resolved === 'string' ? undefined : resolved.from;
  const rangeTo = typeof resolved === 'string' ? undefined : resolved.to;
  useEffect(() => {
    if (!dashboard || rangeFrom === undefined || rangeTo === undefined) return;
    const abort = new AbortController();
    for (const v of dashboard.variables) {
      const def = v.sourceDefinition;
      if (def.variableSourceType === 'CsvVariableSourceDefinition') {
        setSuggestions((prev) => ({ ...prev, [v.name]: def.values.split(',').filter(Boolean) }));
        continue;
      }
      runPanel({ query: def.query, from: rangeFrom, to: rangeTo }, abort.signal)
        .then((r) => {
          const values = r.rows
            .slice(0, 50)
            .map((row) => row[def.field.toLowerCase()])
            .filter((x) => x !== null && x !== undefined && x !== '')
            .map(String);
          setSuggestions((prev) => ({ ...prev, [v.name]: ['*', ...values] }));
        })
        // Suggestions are a convenience: without them the filter still takes any typed value.
        .catch(() => undefined);
    }
    return () => abort.abort();
  }, [dashboard, rangeFrom, rangeTo]);

  if (loadError)
    return (
      <div className="page-error" role="alert">
        {loadError}
      </div>
    );
  if (!dashboard) return <div className="page-loading">Loading dashboard…</div>;

  const refresh = () => {
    setNow(Date.now());
    setRefreshKey((k) => k + 1);
  };
  const layout = new Map(dashboard.layout.layoutStructures.map((l) => [l.key, l.structure]));

  return (
    <div className="dashboard">
      <div className="page-header">
        <div>
          <a className="breadcrumb" href={href(`/library/${dashboard.folderId}`)}>
            ← Library
          </a>
          <h1>{dashboard.title}</h1>
          {dashboard.description ? <p className="muted">{dashboard.description}</p> : null}
        </div>
        <div className="toolbar">
          <TimeRangePicker
            value={range}
            onChange={(r) => {
              setRange(r);
              setNow(Date.now());
            }}
          />
          <select aria-label="Auto-refresh" value={refreshMs} onChange={(e) => setRefreshMs(Number(e.target.value))}>
            {REFRESH.map((r) => (
              <option key={r.ms} value={r.ms}>
                {r.label}
              </option>
            ))}
          </select>
          <button type="button" onClick={refresh}>
            Refresh
          </button>
        </div>
      </div>
      {dashboard.variables.length ? (
        <form
          className="filter-bar"
          aria-label="Filters"
          onSubmit={(e) => {
            e.preventDefault();
            setVariables({ ...draft });
          }}
        >
          {dashboard.variables.map((v) => {
            const options = suggestions[v.name] ?? [];
            return (
              <label key={v.name}>
                <span>{v.displayName}</span>
                <input
                  name={v.name}
                  list={`var-${v.name}`}
                  value={draft[v.name] ?? ''}
                  placeholder="*"
                  onChange={(e) => setDraft({ ...draft, [v.name]: e.target.value })}
                />
                <datalist id={`var-${v.name}`}>
                  {options.map((o) => (
                    <option key={o} value={o} />
                  ))}
                </datalist>
              </label>
            );
          })}
          <button type="submit">Apply filters</button>
        </form>
      ) : null}
      {typeof resolved === 'string' ? (
        <div className="page-error" role="alert">
          {resolved}
        </div>
      ) : (
        <div className="dashboard-grid">
          {dashboard.panels.map((panel) => {
            const p = layout.get(panel.key) ?? { x: 0, y: 0, width: 12, height: 8 };
            return (
              <div
                key={panel.key}
                className="grid-cell"
                style={{ gridColumn: `${p.x + 1} / span ${p.width}`, gridRow: `${p.y + 1} / span ${p.height}` }}
              >
                <Panel panel={panel} variables={variables} range={resolved} rangeText={range} refreshKey={refreshKey} />
              </div>
            );
          })}
        </div>
      )}
    </div>
  );
}
