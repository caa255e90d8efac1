import { useEffect, useState } from 'react';
import { CHART_TYPES, type DashboardDocument } from '../../model/dashboard.js';
import type { FolderView } from '../../model/library.js';
import { api, errorText } from '../api.js';
import { CHART_LABELS, dashboardBody, emptyDashboard, type PanelDraft, withNewPanel } from '../dashboard-model.js';
import { createDashboard, isConflict, listDashboards, loadDashboard, saveDashboard } from '../dashboards.js';
import { navigate } from '../router.js';
import type { TimeRange } from '../time.js';
import { Modal, ModalActions } from './Modal.js';
import { PageError } from './PageError.js';

/** The folders a new dashboard may go to: the personal folder and the folders in it. */
async function folderChoices(): Promise<{ id: string; name: string }[]> {
  const personal = await api<FolderView>('/api/v2/content/folders/personal');
  return [
    { id: personal.id, name: personal.name },
    ...personal.children.filter((c) => c.itemType === 'Folder').map((c) => ({ id: c.id, name: `${personal.name} / ${c.name}` })),
  ];
}

/**
 * Search → **Add to Dashboard**: the query as a new panel of a new or an existing dashboard. A relative
 * search range becomes the panel's own time range, so the panel shows what the search showed.
 */
export function AddToDashboardDialog(props: { query: string; range: TimeRange; onClose: () => void }) {
  const [target, setTarget] = useState<'new' | 'existing'>('new');
  const [title, setTitle] = useState('');
  const [folderId, setFolderId] = useState('');
  const [dashboardId, setDashboardId] = useState('');
  const [panelTitle, setPanelTitle] = useState('');
  const [type, setType] = useState<string>('table');
  const [folders, setFolders] = useState<{ id: string; name: string }[]>([]);
  const [dashboards, setDashboards] = useState<DashboardDocument[]>([]);
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    folderChoices()
      .then((f) => {
        setFolders(f);
        setFolderId((current) => current || (f[0]?.id ?? ''));
      })
      .catch((e) => setError(errorText(e)));
    listDashboards()
      .then((d) => {
        setDashboards(d);
        setDashboardId((current) => current || (d[0]?.id ?? ''));
      })
      .catch((e) => setError(errorText(e)));
  }, []);

  const relative = props.range.to === 'now' && /^-\d{1,6}[smhdw]$/.test(props.range.from) ? props.range.from : '';
  const add = async () => {
    if (panelTitle.trim() === '') return setError('Panel title: must not be empty');
    const panel: PanelDraft = { title: panelTitle, query: props.query, type, relativeTime: relative, filters: [] };
    setBusy(true);
    setError(undefined);
    try {
      let id: string;
      if (target === 'new') {
        if (title.trim() === '') throw new Error('Dashboard title: must not be empty');
        // Until the folders have loaded, the server's default: the personal folder.
        const { folderId: _unset, ...body } = dashboardBody(withNewPanel(emptyDashboard(title, folderId), panel));
        id = (await createDashboard(folderId ? { ...body, folderId } : body)).dashboard.id;
      } else {
        if (!dashboardId) throw new Error('Dashboard: choose one');
        const current = await loadDashboard(dashboardId);
        id = (await saveDashboard({ dashboard: withNewPanel(current.dashboard, panel), etag: current.etag })).dashboard.id;
      }
      navigate(`/dashboards/${id}`);
    } catch (e) {
      setError(isConflict(e) ? 'The dashboard changed while the panel was added; try again.' : errorText(e));
      setBusy(false);
    }
  };

  return (
    <Modal
      title="Add to Dashboard"
      onClose={props.onClose}
      footer={<ModalActions onCancel={props.onClose} actionLabel="Add" busy={busy} onAction={add} />}
    >
      <form
        className="form add-to-dashboard"
        onSubmit={(e) => {
          e.preventDefault();
          void add();
        }}
      >
        <PageError message={error} />
        <label>
          <span>Panel title</span>
          <input name="panelTitle" value={panelTitle} maxLength={255} onChange={(e) => setPanelTitle(e.target.value)} />
        </label>
        <label>
          <span>Chart type</span>
          <select name="chartType" value={type} onChange={(e) => setType(e.target.value)}>
            {CHART_TYPES.map((t) => (
              <option key={t} value={t}>
                {CHART_LABELS[t]}
              </option>
            ))}
          </select>
        </label>
        <fieldset>
          <legend>Dashboard</legend>
          <label className="inline">
            <input type="radio" name="target" checked={target === 'new'} onChange={() => setTarget('new')} /> New dashboard
          </label>
          <label className="inline">
            <input
              type="radio"
              name="target"
              checked={target === 'existing'}
              disabled={!dashboards.length}
              onChange={() => setTarget('existing')}
            />{' '}
            Existing dashboard
          </label>
          {target === 'new' ? (
            <>
              <label>
                <span>Dashboard title</span>
                <input name="dashboardTitle" value={title} maxLength={255} onChange={(e) => setTitle(e.target.value)} />
              </label>
              <label>
                <span>Folder</span>
                <select name="folder" value={folderId} onChange={(e) => setFolderId(e.target.value)}>
                  {folders.map((f) => (
                    <option key={f.id} value={f.id}>
                      {f.name}
                    </option>
                  ))}
                </select>
              </label>
            </>
          ) : (
            <label>
              <span>Dashboard</span>
              <select name="dashboard" value={dashboardId} onChange={(e) => setDashboardId(e.target.value)}>
                {dashboards.map((d) => (
                  <option key={d.id} value={d.id}>
                    {d.title}
                  </option>
                ))}
              </select>
            </label>
          )}
        </fieldset>
      </form>
    </Modal>
  );
}
