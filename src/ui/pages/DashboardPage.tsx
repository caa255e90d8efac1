import { type ReactNode, useEffect, useMemo, useState } from 'react';
import type { DashboardDocument, DashboardPanel } from '../../model/dashboard.js';
import { errorText } from '../api.js';
import { DashboardGrid } from '../components/DashboardGrid.js';
import { DashboardSettingsDialog } from '../components/DashboardSettingsDialog.js';
import { FilterBar } from '../components/FilterBar.js';
import { Confirm } from '../components/Modal.js';
import { PageError } from '../components/PageError.js';
import { Panel } from '../components/Panel.js';
import { PanelEditor } from '../components/PanelEditor.js';
import { TimeRangePicker } from '../components/TimeRangePicker.js';
import { applyDraft, draftOf, panelVariables, withNewPanel, withoutPanel, withPanel, withPlace } from '../dashboard-model.js';
import { CONFLICT_TEXT, type EditableDashboard, isConflict, loadDashboard, saveDashboard } from '../dashboards.js';
import { href } from '../router.js';
import { resolveRange, type TimeRange } from '../time.js';
import '../dashboard.css';

const REFRESH = [
  { label: 'Auto-refresh off', ms: 0 },
  { label: 'Every minute', ms: 60_000 },
  { label: 'Every 5 minutes', ms: 300_000 },
];

const NEW_PANEL = { title: 'New panel', query: '', type: 'table', relativeTime: '', filters: [] };

/** One dashboard: its panels with the filters and time range, and its editor (**Edit** … **Save**). */
export function DashboardPage({ id, startEditing = false }: { id: string; startEditing?: boolean }) {
  const [saved, setSaved] = useState<EditableDashboard | undefined>();
  const [loadError, setLoadError] = useState<string | undefined>();
  const [range, setRange] = useState<TimeRange>({ from: '-7d', to: 'now' });
  const [draftValues, setDraftValues] = useState<Record<string, string>>({});
  const [values, setValues] = useState<Record<string, string>>({});
  const [refreshMs, setRefreshMs] = useState(0);
  const [refreshKey, setRefreshKey] = useState(0);
  const [now, setNow] = useState(() => Date.now());
  // The dashboard being edited (unsaved), the panel in the editor dialog, the panel to delete.
  const [draft, setDraft] = useState<DashboardDocument | undefined>();
  const [editingPanel, setEditingPanel] = useState<DashboardPanel | 'new' | undefined>();
  const [deleting, setDeleting] = useState<DashboardPanel | undefined>();
  const [settingsOpen, setSettingsOpen] = useState(false);
  const [saveError, setSaveError] = useState<{ message: string; conflict: boolean } | undefined>();
  const [saving, setSaving] = useState(false);

  const load = (edit: boolean) => {
    setLoadError(undefined);
    loadDashboard(id)
      .then((loaded) => {
        const d = loaded.dashboard;
        setSaved(loaded);
        setDraft(edit ? d : undefined);
        setSaveError(undefined);
        setRange({ from: d.timeRange?.from?.relativeTime ?? '-7d', to: 'now' });
        const defaults = Object.fromEntries(d.variables.map((v) => [v.name, v.defaultValue]));
        setDraftValues(defaults);
        setValues(defaults);
        if (d.refreshInterval) setRefreshMs(d.refreshInterval * 1000);
      })
      .catch((error) => setLoadError(errorText(error)));
  };
  // biome-ignore lint/correctness/useExhaustiveDependencies: loads again only for another dashboard
  useEffect(() => {
    setSaved(undefined);
    load(startEditing);
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

  if (loadError) return <PageError message={loadError} />;
  if (!saved) return <div className="page-loading">Loading dashboard…</div>;
  const dashboard = draft ?? saved.dashboard;
  const editing = draft !== undefined;

  const refresh = () => {
    setNow(Date.now());
    setRefreshKey((k) => k + 1);
  };
  // New settings take effect on the page at once: the new default range, and each filter at its default
  // unless it was there before (then it keeps the value applied).
  const applySettings = (next: DashboardDocument) => {
    setDraft(next);
    setSettingsOpen(false);
    if (next.timeRange.from.relativeTime !== dashboard.timeRange.from.relativeTime) {
      setRange({ from: next.timeRange.from.relativeTime, to: 'now' });
      setNow(Date.now());
    }
    const withDefaults = (current: Record<string, string>) =>
      Object.fromEntries(next.variables.map((v) => [v.name, current[v.name] ?? v.defaultValue]));
    setDraftValues(withDefaults);
    setValues(withDefaults);
  };
  const save = () => {
    if (!draft) return;
    setSaving(true);
    saveDashboard({ dashboard: draft, etag: saved.etag })
      .then((next) => {
        setSaved(next);
        setDraft(undefined);
        setSaveError(undefined);
      })
      .catch((error) => setSaveError({ message: isConflict(error) ? CONFLICT_TEXT : errorText(error), conflict: isConflict(error) }))
      .finally(() => setSaving(false));
  };

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
          {editing ? (
            <>
              <button type="button" onClick={() => setSettingsOpen(true)}>
                Settings
              </button>
              <button type="button" onClick={() => setEditingPanel('new')}>
                Add Panel
              </button>
              <button type="button" onClick={() => load(false)}>
                Cancel
              </button>
              <button type="button" className="primary" disabled={saving} onClick={save}>
                {saving ? 'Saving…' : 'Save'}
              </button>
            </>
          ) : (
            <button type="button" onClick={() => setDraft(saved.dashboard)}>
              Edit Dashboard
            </button>
          )}
        </div>
      </div>
      {saveError ? (
        <div className="page-error" role="alert" data-conflict={saveError.conflict}>
          {saveError.message}{' '}
          {saveError.conflict ? (
            <button type="button" onClick={() => load(false)}>
              Reload
            </button>
          ) : null}
        </div>
      ) : null}
      <FilterBar
        variables={dashboard.variables}
        range={typeof resolved === 'string' ? undefined : resolved}
        draft={draftValues}
        onDraft={setDraftValues}
        onApply={() => setValues({ ...draftValues })}
      />
      {typeof resolved === 'string' ? (
        <PageError message={resolved} />
      ) : dashboard.panels.length === 0 ? (
        <p className="muted">
          {editing ? 'No panels yet: Add Panel, or Add to Dashboard from a search.' : 'This dashboard has no panels.'}
        </p>
      ) : (
        <DashboardGrid
          dashboard={dashboard}
          editing={editing}
          onPlace={(key, place) => setDraft(withPlace(dashboard, key, place))}
          renderPanel={(panel, handles) => (
            <PanelCell
              panel={panel}
              values={values}
              range={resolved}
              rangeText={range}
              now={now}
              refreshKey={refreshKey}
              actions={
                editing ? (
                  <span className="panel-actions">
                    {handles}
                    <button type="button" className="link" onClick={() => setEditingPanel(panel)}>
                      Edit
                    </button>
                    <button type="button" className="link" onClick={() => setDeleting(panel)}>
                      Delete
                    </button>
                  </span>
                ) : null
              }
            />
          )}
        />
      )}
      {editingPanel ? (
        <PanelEditor
          title={editingPanel === 'new' ? 'Add panel' : `Edit panel ${editingPanel.title}`}
          initial={editingPanel === 'new' ? NEW_PANEL : draftOf(editingPanel)}
          variables={dashboard.variables}
          onCancel={() => setEditingPanel(undefined)}
          onSave={(d) => {
            setDraft(editingPanel === 'new' ? withNewPanel(dashboard, d) : withPanel(dashboard, applyDraft(editingPanel, d)));
            setEditingPanel(undefined);
          }}
        />
      ) : null}
      {settingsOpen ? (
        <DashboardSettingsDialog dashboard={dashboard} onApply={applySettings} onCancel={() => setSettingsOpen(false)} />
      ) : null}
      {deleting ? (
        <Confirm
          title="Delete panel"
          message={`Delete the panel "${deleting.title}"? It goes when you save the dashboard.`}
          confirmLabel="Delete"
          onCancel={() => setDeleting(undefined)}
          onConfirm={() => {
            setDraft(withoutPanel(dashboard, deleting.key));
            setDeleting(undefined);
          }}
        />
      ) : null}
    </div>
  );
}

/** A panel with its own filters over the dashboard's and its own time range when it has one. */
function PanelCell(props: {
  panel: DashboardPanel;
  values: Record<string, string>;
  range: { from: number; to: number };
  rangeText: TimeRange;
  now: number;
  refreshKey: number;
  actions: ReactNode;
}) {
  const { panel, values, now } = props;
  const variables = useMemo(() => panelVariables(values, panel.panelFilters), [values, panel.panelFilters]);
  const own = panel.timeRange?.from.relativeTime;
  const ownRange = useMemo(() => (own ? resolveRange({ from: own, to: 'now' }, now) : undefined), [own, now]);
  const range = ownRange && typeof ownRange !== 'string' ? ownRange : props.range;
  const rangeText = own ? { from: own, to: 'now' } : props.rangeText;
  return (
    <Panel panel={panel} variables={variables} range={range} rangeText={rangeText} refreshKey={props.refreshKey} actions={props.actions} />
  );
}
