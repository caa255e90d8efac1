import { useCallback, useEffect, useState } from 'react';
import type { CollectorView, HealthEventView, SourceView } from '../../model/api-views.js';
import { api, errorText } from '../api.js';
import { HealthEventTable } from '../components/HealthEventTable.js';
import { Confirm, Modal, ModalActions } from '../components/Modal.js';
import { PageError } from '../components/PageError.js';
import { pushStatsText } from '../components/PushReceiver.js';
import { StatusIcon } from '../components/StatusIcon.js';
import { href } from '../router.js';
import { formatTime } from '../time.js';

interface CollectorEntry {
  collector: CollectorView;
  sources: SourceView[];
}

type Pending =
  | { kind: 'restart' | 'delete'; collector: CollectorView; source: SourceView }
  | { kind: 'deleteCollector'; collector: CollectorView };

const POLL_MS = 2000;

export function CollectionPage() {
  const [views, setViews] = useState<CollectorEntry[] | undefined>();
  const [events, setEvents] = useState<HealthEventView[]>([]);
  const [error, setError] = useState<string | undefined>();
  const [notice, setNotice] = useState<string | undefined>();
  const [pending, setPending] = useState<Pending | undefined>();
  const [openHealth, setOpenHealth] = useState<SourceView | undefined>();
  const [addingCollector, setAddingCollector] = useState(false);

  const load = useCallback(async () => {
    try {
      const { collectors } = await api<{ collectors: CollectorView[] }>('/api/v1/collectors');
      const next = await Promise.all(
        collectors.map(async (collector) => ({
          collector,
          sources: (await api<{ sources: SourceView[] }>(`/api/v1/collectors/${encodeURIComponent(collector.id)}/sources`)).sources,
        })),
      );
      const ids = next.flatMap((v) => v.sources.map((s) => ({ id: s.id, type: 'Source' })));
      const health = ids.length
        ? (await api<{ data: HealthEventView[] }>('/api/v1/healthEvents/resources', { method: 'POST', body: { data: ids } })).data
        : [];
      setViews(next);
      setEvents(health);
      setError(undefined);
    } catch (e) {
      setError(errorText(e));
    }
  }, []);

  useEffect(() => {
    load();
    const timer = setInterval(load, POLL_MS);
    return () => clearInterval(timer);
  }, [load]);

  const act = async (p: Pending) => {
    setPending(undefined);
    try {
      if (p.kind === 'deleteCollector') {
        await api(`/api/v1/collectors/${encodeURIComponent(p.collector.id)}`, { method: 'DELETE' });
        setNotice(`Collector ${p.collector.name} deleted.`);
      } else {
        const base = `/api/v1/collectors/${encodeURIComponent(p.collector.id)}/sources/${encodeURIComponent(p.source.id)}`;
        if (p.kind === 'restart') {
          await api(`${base}/action/restart`, { method: 'POST', body: {} });
          setNotice(`Source ${p.source.config.name} is restarting.`);
        } else {
          await api(base, { method: 'DELETE' });
          setNotice(`Source ${p.source.config.name} is being deleted.`);
        }
      }
      load();
    } catch (e) {
      setError(errorText(e));
    }
  };

  return (
    <div>
      <div className="page-header">
        <h1>Collection</h1>
        <div className="toolbar">
          <button type="button" onClick={() => setAddingCollector(true)}>
            Add Collector
          </button>
        </div>
      </div>
      <PageError message={error} />
      {notice ? (
        <div className="notice" role="status">
          {notice}
        </div>
      ) : null}
      {views === undefined ? <div className="page-loading">Loading…</div> : null}
      {views?.length === 0 ? <p className="empty">No collectors yet. Add a collector, then a Mimecast source in it.</p> : null}
      {views?.map(({ collector, sources }) => (
        <section key={collector.id} className="collector" data-collector={collector.name}>
          <header className="collector-header">
            <h2>{collector.name}</h2>
            <span className="muted">{collector.collectorType}</span>
            <span className="spacer" />
            <a className="button primary" href={href('/sources/new', { collector: collector.id })}>
              Add Source
            </a>
            <button type="button" className="danger" onClick={() => setPending({ kind: 'deleteCollector', collector })}>
              Delete Collector
            </button>
          </header>
          {sources.length === 0 ? (
            <p className="empty">No sources.</p>
          ) : (
            <table className="data-table" aria-label={`Sources of ${collector.name}`}>
              <thead>
                <tr>
                  <th>Name</th>
                  <th>Category</th>
                  <th>Data</th>
                  <th>State</th>
                  <th>Status</th>
                  <th>Messages</th>
                  <th>Last poll</th>
                  <th>Actions</th>
                </tr>
              </thead>
              <tbody>
                {sources.map((source) => {
                  const own = events.filter((e) => e.resourceIdentity.id === source.id);
                  const stats = Object.values(source.collection ?? {});
                  const messages = stats.reduce((n, s) => n + (s.messages ?? 0), 0);
                  const lastPoll = stats
                    .map((s) => s.lastPollAt)
                    .filter(Boolean)
                    .sort()
                    .pop();
                  return (
                    <tr key={source.id} data-source={source.config.name}>
                      <td>{source.config.name}</td>
                      <td>{source.config.category}</td>
                      <td>
                        {source.config.dataCollection.join(', ')}
                        {source.push ? (
                          <div className="muted small" data-testid="push-summary">
                            Event Push: {pushStatsText(source.push)}
                          </div>
                        ) : null}
                      </td>
                      <td>
                        <span
                          className={`state state-${source.state.state.toLowerCase()}`}
                          data-state={source.state.state}
                          title={source.state.error?.message ?? ''}
                        >
                          {source.state.state}
                        </span>
                        {source.state.error ? <div className="muted small">{source.state.error.message}</div> : null}
                        <DataTypeErrors source={source} />
                      </td>
                      <td>
                        <StatusIcon source={source} events={own} onOpen={() => setOpenHealth(source)} />
                      </td>
                      <td>{messages.toLocaleString('en-US')}</td>
                      <td>{formatTime(lastPoll ?? null)}</td>
                      <td className="actions">
                        <a href={href(`/sources/${collector.id}/${source.id}`)}>Edit</a>
                        <button type="button" onClick={() => setPending({ kind: 'restart', collector, source })}>
                          Restart Source
                        </button>
                        <button type="button" className="danger" onClick={() => setPending({ kind: 'delete', collector, source })}>
                          Delete
                        </button>
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          )}
        </section>
      ))}
      {pending ? (
        <Confirm
          title={pending.kind === 'restart' ? 'Restart Source' : pending.kind === 'delete' ? 'Delete Source' : 'Delete Collector'}
          message={
            pending.kind === 'restart'
              ? `Restart ${pending.source.config.name}? It goes back through Pending and resumes from its checkpoints.`
              : pending.kind === 'delete'
                ? `Delete ${pending.source.config.name}? Collection stops; the messages it collected stay searchable.`
                : `Delete ${pending.collector.name} and all its sources?`
          }
          confirmLabel={pending.kind === 'restart' ? 'Restart' : 'Delete'}
          onConfirm={() => act(pending)}
          onCancel={() => setPending(undefined)}
        />
      ) : null}
      {openHealth ? (
        <Modal title={`Health events of ${openHealth.config.name}`} onClose={() => setOpenHealth(undefined)} wide>
          <HealthEventTable events={events.filter((e) => e.resourceIdentity.id === openHealth.id)} />
        </Modal>
      ) : null}
      {addingCollector ? (
        <AddCollectorDialog
          onClose={() => setAddingCollector(false)}
          onCreated={() => {
            setAddingCollector(false);
            load();
          }}
        />
      ) : null}
    </div>
  );
}

/** Each data type fails on its own: the ones in Error, with what failed and when they are tried again. */
function DataTypeErrors(props: { source: SourceView }) {
  const failing = Object.entries(props.source.collection ?? {}).filter(([, c]) => c.state === 'Error' && c.error);
  if (failing.length === 0) return null;
  return (
    <ul className="data-type-errors small">
      {failing.map(([dataType, c]) => (
        <li key={dataType} data-data-type={dataType}>
          <span className="status-warning" aria-hidden="true">
            ▲
          </span>{' '}
          {dataType}: {c.error?.code} {c.error?.message}
          {c.nextAttemptAt ? <span className="muted"> (next try {formatTime(c.nextAttemptAt)})</span> : null}
        </li>
      ))}
    </ul>
  );
}

function AddCollectorDialog(props: { onClose: () => void; onCreated: () => void }) {
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [category, setCategory] = useState('');
  const [error, setError] = useState<string | undefined>();
  const submit = async () => {
    if (!name.trim()) return setError('Name: is required');
    if (name.length > 128) return setError('Name: must be at most 128 characters');
    try {
      await api('/api/v1/collectors', {
        method: 'POST',
        body: { collector: { collectorType: 'Hosted', name: name.trim(), description, category, fields: {} } },
      });
      props.onCreated();
    } catch (e) {
      setError(errorText(e));
    }
  };
  return (
    <Modal
      title="Add Collector"
      onClose={props.onClose}
      footer={<ModalActions onCancel={props.onClose} actionLabel="Save" onAction={submit} />}
    >
      <label className="field">
        <span>Name</span>
        <input name="collectorName" value={name} maxLength={128} onChange={(e) => setName(e.target.value)} />
      </label>
      <label className="field">
        <span>Description</span>
        <input name="collectorDescription" value={description} maxLength={1024} onChange={(e) => setDescription(e.target.value)} />
      </label>
      <label className="field">
        <span>Category</span>
        <input name="collectorCategory" value={category} onChange={(e) => setCategory(e.target.value)} />
      </label>
      {error ? (
        <p className="field-error" role="alert">
          {error}
        </p>
      ) : null}
    </Modal>
  );
}
