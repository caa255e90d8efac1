import { useCallback, useEffect, useState } from 'react';
import type { HealthEventView } from '../../model/api-views.js';
import { MONITOR_FOLDER_TYPE, MONITORS_ROOT_ID } from '../../model/monitor.js';
import { api, errorText } from '../api.js';
import { HealthEventTable } from '../components/HealthEventTable.js';
import { Modal } from '../components/Modal.js';
import { PageError } from '../components/PageError.js';
import { href } from '../router.js';

interface MonitorNode {
  id: string;
  name: string;
  type: string;
  description?: string;
  isDisabled?: boolean;
  version?: number;
  children?: MonitorNode[];
}

const itemPath = (id: string) => `/api/v1/monitors/${encodeURIComponent(id)}`;

/** The monitors library as a tree: folders open on a click; monitors can be enabled, disabled and deleted. */
export function MonitorsPage() {
  const [root, setRoot] = useState<MonitorNode | undefined>();
  const [error, setError] = useState<string | undefined>();
  const [doomed, setDoomed] = useState<MonitorNode | undefined>();
  const [naming, setNaming] = useState(false);
  const [generation, setGeneration] = useState(0);
  const [health, setHealth] = useState<HealthEventView[]>([]);

  const load = useCallback(async () => {
    try {
      setRoot(await api<MonitorNode>('/api/v1/monitors/root'));
      // Monitors whose notifications were given up (docs/monitors.md#health-events).
      const events = await api<{ data: HealthEventView[] }>('/api/v1/healthEvents?limit=1000');
      setHealth(events.data.filter((e) => e.resourceIdentity.type === 'Monitor'));
      setGeneration((g) => g + 1);
    } catch (e) {
      setError(errorText(e));
    }
  }, []);
  useEffect(() => {
    load();
  }, [load]);

  const run = async (action: () => Promise<unknown>) => {
    try {
      await action();
      setError(undefined);
      await load();
    } catch (e) {
      setError(errorText(e));
    }
  };

  const toggle = (m: MonitorNode) =>
    run(async () => {
      // The whole definition goes back, as Sumo's update takes it, with the version it was read at.
      const item = await api<Record<string, unknown>>(itemPath(m.id));
      await api(itemPath(m.id), { method: 'PUT', body: { ...item, isDisabled: !item.isDisabled } });
    });

  return (
    <div>
      <div className="page-header">
        <h1>Monitors</h1>
        <div className="toolbar">
          <button type="button" onClick={() => setNaming(true)}>
            New folder
          </button>
          <a className="button primary" href={href('/monitors/new')}>
            New monitor
          </a>
        </div>
      </div>
      <PageError message={error} />
      {root === undefined ? (
        <div className="page-loading">Loading…</div>
      ) : (root.children ?? []).length === 0 ? (
        <p className="muted">No monitors yet. Create one here, or from a search with "Create monitor".</p>
      ) : (
        <ul className="monitor-tree" aria-label="Monitors">
          {(root.children ?? []).map((n) => (
            <TreeNode key={`${n.id}-${generation}`} node={n} onToggle={toggle} onDelete={setDoomed} />
          ))}
        </ul>
      )}
      {health.length > 0 ? (
        <section aria-label="Monitor health">
          <h2>Notifications given up</h2>
          <HealthEventTable events={health} />
        </section>
      ) : null}
      {doomed ? (
        <Modal
          title={`Delete ${doomed.name}?`}
          onClose={() => setDoomed(undefined)}
          footer={
            <>
              <button type="button" onClick={() => setDoomed(undefined)}>
                Cancel
              </button>
              <button
                type="button"
                className="danger"
                onClick={() => {
                  setDoomed(undefined);
                  run(() => api(itemPath(doomed.id), { method: 'DELETE' }));
                }}
              >
                Delete
              </button>
            </>
          }
        >
          <p>
            {doomed.type === MONITOR_FOLDER_TYPE
              ? 'The folder and every monitor in it are deleted.'
              : 'The monitor is deleted; its alerts stay in the alert history.'}
          </p>
        </Modal>
      ) : null}
      {naming ? (
        <FolderDialog
          onClose={() => setNaming(false)}
          onCreate={(name) => {
            setNaming(false);
            run(() => api(`/api/v1/monitors?parentId=${MONITORS_ROOT_ID}`, { method: 'POST', body: { type: MONITOR_FOLDER_TYPE, name } }));
          }}
        />
      ) : null}
    </div>
  );
}

function TreeNode(props: { node: MonitorNode; onToggle: (m: MonitorNode) => void; onDelete: (m: MonitorNode) => void }) {
  const { node } = props;
  const [children, setChildren] = useState<MonitorNode[] | undefined>();
  const folder = node.type === MONITOR_FOLDER_TYPE;
  const open = async () => {
    if (children) return setChildren(undefined);
    setChildren((await api<MonitorNode>(itemPath(node.id))).children ?? []);
  };
  return (
    <li data-monitor={node.id}>
      <div className="monitor-row">
        {folder ? (
          <button type="button" className="link" aria-expanded={children !== undefined} onClick={open}>
            {children ? '▾' : '▸'} {node.name}
          </button>
        ) : (
          <>
            <a href={href(`/monitors/${node.id}`)}>{node.name}</a>
            <span className="muted small">{node.isDisabled ? 'Disabled' : 'Enabled'}</span>
            <a className="small" href={href('/alerts', { monitor: node.id })}>
              Alerts
            </a>
            <button type="button" onClick={() => props.onToggle(node)}>
              {node.isDisabled ? 'Enable' : 'Disable'}
            </button>
          </>
        )}
        {folder ? (
          <a className="small" href={href('/monitors/new', { parent: node.id })}>
            New monitor here
          </a>
        ) : null}
        <button type="button" className="danger" onClick={() => props.onDelete(node)}>
          Delete
        </button>
      </div>
      {children ? (
        <ul>
          {children.length === 0 ? <li className="muted small">Empty folder</li> : null}
          {children.map((c) => (
            <TreeNode key={c.id} node={c} onToggle={props.onToggle} onDelete={props.onDelete} />
          ))}
        </ul>
      ) : null}
    </li>
  );
}

function FolderDialog(props: { onClose: () => void; onCreate: (name: string) => void }) {
  const [name, setName] = useState('');
  return (
    <Modal
      title="New folder"
      onClose={props.onClose}
      footer={
        <button type="button" className="primary" disabled={!name.trim()} onClick={() => props.onCreate(name.trim())}>
          Create
        </button>
      }
    >
      <label className="field">
        <span>Name</span>
        <input name="folderName" value={name} onChange={(e) => setName(e.target.value)} />
      </label>
    </Modal>
  );
}
