import { useEffect, useMemo, useRef, useState } from 'react';
import { ApiError, errorText } from '../api.js';
import { barOption, histogramOption, labelFieldOf, lineOption, valueFieldOf } from '../chart-options.js';
import { seriesOf } from '../chart-series.js';
import { AddToDashboardDialog } from '../components/AddToDashboardDialog.js';
import { SaveSearchDialog } from '../components/ContentDialogs.js';
import { columnsOf, DataTable } from '../components/DataTable.js';
import { EChart } from '../components/EChart.js';
import { TimeRangePicker } from '../components/TimeRangePicker.js';
import { exportContent } from '../content.js';
import { toCsv } from '../export.js';
import { href } from '../router.js';
import { type Row, runSearch, type SearchResult, typedRows } from '../search.js';
import { formatTime, resolveRange, type TimeRange } from '../time.js';

const LIMIT = 1000;
/** Messages drawn at a time: a thousand rows at once makes the page slow to use. */
const PAGE = 100;

interface QueryError {
  message: string;
  line?: number;
  column?: number;
}

function queryError(error: unknown): QueryError {
  const position = error instanceof ApiError ? error.position : undefined;
  return { message: errorText(error), ...position };
}

function download(name: string, type: string, text: string) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

export function SearchPage({ params }: { params: URLSearchParams }) {
  const [query, setQuery] = useState(params.get('q') ?? '*');
  const [range, setRange] = useState<TimeRange>({ from: params.get('from') ?? '-24h', to: params.get('to') ?? 'now' });
  const [result, setResult] = useState<SearchResult | undefined>();
  const [error, setError] = useState<QueryError | undefined>();
  const [busy, setBusy] = useState(false);
  const [tab, setTab] = useState<'messages' | 'records'>('messages');
  const [addingToDashboard, setAddingToDashboard] = useState(false);
  const abort = useRef<AbortController | null>(null);
  const [saving, setSaving] = useState(false);
  const [saved, setSaved] = useState<string | undefined>();
  const [notice, setNotice] = useState<string | undefined>();

  // A saved search opened from the library fills the box and the time range (like a link, it does not run).
  const savedId = params.get('saved');
  useEffect(() => {
    if (!savedId) return;
    exportContent(savedId)
      .then((definition) => {
        if (definition.type !== 'SavedSearchWithScheduleSyncDefinition') throw new Error(`${definition.name} is not a saved search`);
        setQuery(definition.search.queryText);
        setRange({ from: definition.search.defaultTimeRange, to: 'now' });
        setSaved(definition.name);
      })
      .catch((e) => setError({ message: errorText(e) }));
  }, [savedId]);

  const run = async () => {
    const resolved = resolveRange(range);
    if (typeof resolved === 'string') {
      setError({ message: resolved });
      return;
    }
    abort.current?.abort();
    const controller = new AbortController();
    abort.current = controller;
    setBusy(true);
    setError(undefined);
    try {
      const r = await runSearch({ query, ...resolved, limit: LIMIT }, controller.signal);
      setResult(r);
      setTab(r.records.length ? 'records' : 'messages');
    } catch (e) {
      if (!controller.signal.aborted) {
        setResult(undefined);
        setError(queryError(e));
      }
    } finally {
      if (!controller.signal.aborted) setBusy(false);
    }
  };

  // A query from a link only fills the box: a crafted `#/search?q=…` must not run a search on one click.
  useEffect(() => () => abort.current?.abort(), []);

  return (
    <div className="search">
      <div className="page-header">
        <h1>{saved ? `Search: ${saved}` : 'Search'}</h1>
      </div>
      <form
        className="search-bar"
        onSubmit={(e) => {
          e.preventDefault();
          run();
        }}
      >
        <textarea
          aria-label="Query"
          name="query"
          className="mono query-editor"
          rows={Math.min(12, Math.max(3, query.split('\n').length))}
          value={query}
          spellCheck={false}
          onChange={(e) => setQuery(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
              e.preventDefault();
              run();
            }
          }}
        />
        <div className="toolbar">
          <TimeRangePicker value={range} onChange={setRange} />
          <button type="submit" className="primary" disabled={busy}>
            {busy ? 'Searching…' : 'Search'}
          </button>
          <a className="button" href={href('/monitors/new', { q: query })}>
            Create monitor
          </a>
          <button type="button" onClick={() => setSaving(true)}>
            Save As
          </button>
          <button type="button" onClick={() => setAddingToDashboard(true)}>
            Add to Dashboard
          </button>
        </div>
      </form>
      {saving ? (
        <SaveSearchDialog
          queryText={query}
          from={range.from}
          onClose={() => setSaving(false)}
          onDone={() => {
            setSaving(false);
            setNotice('Saved in the library.');
          }}
        />
      ) : null}
      {notice ? (
        <p className="muted" role="status">
          {notice}
        </p>
      ) : null}
      {addingToDashboard ? <AddToDashboardDialog query={query} range={range} onClose={() => setAddingToDashboard(false)} /> : null}
      {error ? <QueryErrorView query={query} error={error} /> : null}
      {result ? <Results result={result} tab={tab} setTab={setTab} /> : null}
      {!result && !error && !busy && (params.get('q') || savedId) ? (
        <p className="muted" data-testid="not-run">
          Check the query, then press Search to run it.
        </p>
      ) : null}
    </div>
  );
}

/** The error with the offending line and a caret under its column. */
function QueryErrorView({ query, error }: { query: string; error: QueryError }) {
  const line = error.line ? query.split('\n')[error.line - 1] : undefined;
  return (
    <div className="page-error query-error" role="alert">
      <div>{error.message}</div>
      {line !== undefined && error.column ? (
        <pre className="mono error-pointer" data-testid="error-position">
          {line}
          {'\n'}
          {' '.repeat(Math.max(0, error.column - 1))}^
        </pre>
      ) : null}
    </div>
  );
}

function Results({
  result,
  tab,
  setTab,
}: {
  result: SearchResult;
  tab: 'messages' | 'records';
  setTab: (t: 'messages' | 'records') => void;
}) {
  const recordColumns = useMemo(() => columnsOf(result.records, result.recordFields), [result]);
  const messageColumns = useMemo(() => columnsOf(result.messages, result.messageFields).filter((c) => c !== '_messagetime'), [result]);
  const chart = useMemo(() => {
    const records = typedRows(result.records, result.recordFields);
    const value = valueFieldOf(records, result.recordFields);
    const label = labelFieldOf(records, value);
    if (!value || !label || !records.length) return undefined;
    return label === '_timeslice' || records[0]._timeslice !== undefined
      ? lineOption(seriesOf(records, result.recordFields, '_timeslice', value, false))
      : barOption(records.slice(0, 50), label, value);
  }, [result]);
  const rows = tab === 'records' ? result.records : result.messages;
  const columns = tab === 'records' ? recordColumns : ['_messagetime', ...messageColumns, '_raw'];

  return (
    <div className="results">
      {result.histogram.length ? (
        <div className="histogram" data-testid="histogram">
          <EChart option={histogramOption(result.histogram)} height={120} label="Message histogram" />
        </div>
      ) : null}
      <div className="tabs" role="tablist">
        <button type="button" role="tab" aria-selected={tab === 'messages'} onClick={() => setTab('messages')}>
          Messages ({result.messageCount.toLocaleString('en-US')})
        </button>
        <button type="button" role="tab" aria-selected={tab === 'records'} onClick={() => setTab('records')}>
          Aggregates ({result.recordCount.toLocaleString('en-US')})
        </button>
        <span className="spacer" />
        <button type="button" disabled={!rows.length} onClick={() => download(`search-${tab}.csv`, 'text/csv', toCsv(columns, rows))}>
          Export CSV
        </button>
        <button
          type="button"
          disabled={!rows.length}
          onClick={() => download(`search-${tab}.json`, 'application/json', JSON.stringify(rows, null, 2))}
        >
          Export JSON
        </button>
      </div>
      {result.warnings.length ? <div className="notice">{result.warnings.join('; ')}</div> : null}
      {tab === 'records' ? (
        <>
          {chart ? (
            <div className="records-chart">
              <EChart option={chart} height={260} label="Records chart" />
            </div>
          ) : null}
          {result.records.length ? (
            <DataTable columns={recordColumns} rows={result.records} label="Records" />
          ) : (
            <p className="empty">No records: this query does not aggregate.</p>
          )}
        </>
      ) : result.messages.length ? (
        <MessageList messages={result.messages} columns={messageColumns} />
      ) : (
        <p className="empty">No messages in this time range.</p>
      )}
    </div>
  );
}

/** Messages newest first; each opens to its raw event as indented JSON. */
function MessageList({ messages, columns }: { messages: Row[]; columns: string[] }) {
  const [open, setOpen] = useState<Set<number>>(new Set());
  const [shownCount, setShownCount] = useState(PAGE);
  const shown = columns.filter((c) => !c.startsWith('_')).slice(0, 6);
  const toggle = (i: number) => {
    const next = new Set(open);
    if (next.has(i)) next.delete(i);
    else next.add(i);
    setOpen(next);
  };
  return (
    <div className="table-wrap">
      <table className="data-table messages" aria-label="Messages">
        <thead>
          <tr>
            <th />
            <th>Time</th>
            {shown.map((c) => (
              <th key={c}>{c}</th>
            ))}
            <th>Message</th>
          </tr>
        </thead>
        <tbody>
          {messages.slice(0, shownCount).map((m, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: a result page is a fixed snapshot
            <MessageRow key={i} message={m} shown={shown} open={open.has(i)} onToggle={() => toggle(i)} />
          ))}
        </tbody>
      </table>
      {messages.length > shownCount ? (
        <button type="button" className="link" onClick={() => setShownCount(shownCount + PAGE)}>
          Show more ({shownCount} of {messages.length} shown; export gives all {messages.length})
        </button>
      ) : null}
    </div>
  );
}

function pretty(raw: string): string {
  try {
    return JSON.stringify(JSON.parse(raw), null, 2);
  } catch {
    return raw;
  }
}

function MessageRow({ message, shown, open, onToggle }: { message: Row; shown: string[]; open: boolean; onToggle: () => void }) {
  return (
    <>
      <tr>
        <td>
          <button
            type="button"
            className="icon-button"
            aria-expanded={open}
            aria-label={open ? 'Collapse message' : 'Expand message'}
            onClick={onToggle}
          >
            {open ? '▾' : '▸'}
          </button>
        </td>
        <td className="nowrap">{formatTime(message._messagetime)}</td>
        {shown.map((c) => (
          <td key={c}>{message[c] ?? ''}</td>
        ))}
        <td className="raw mono">{message._raw}</td>
      </tr>
      {open ? (
        <tr className="expanded">
          <td />
          <td colSpan={shown.length + 2}>
            <pre className="mono json">{pretty(message._raw ?? '')}</pre>
            <dl className="meta">
              {Object.entries(message)
                .filter(([k]) => k !== '_raw')
                .map(([k, v]) => (
                  <div key={k}>
                    <dt>{k}</dt>
                    <dd>{v}</dd>
                  </div>
                ))}
            </dl>
          </td>
        </tr>
      ) : null}
    </>
  );
}
