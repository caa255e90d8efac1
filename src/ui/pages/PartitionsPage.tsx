import { useCallback, useEffect, useState } from 'react';
import { DEFAULT_PARTITION, type PartitionView } from '../../model/partition.js';
import { api, errorText } from '../api.js';
import { Modal, ModalActions } from '../components/Modal.js';
import { PageError } from '../components/PageError.js';

function bytes(n: number): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let value = n;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${unit === 0 ? value : value.toFixed(1)} ${units[unit]}`;
}

interface Draft {
  id?: string;
  name: string;
  routingExpression: string;
  retentionPeriod: string;
  reduceRetentionPeriodImmediately: boolean;
  isIncludedInDefaultSearch: boolean;
}

/** Partitions (Sumo's Partitions API): where messages are routed, their size and how long they are kept. */
export function PartitionsPage() {
  const [partitions, setPartitions] = useState<PartitionView[] | undefined>();
  const [error, setError] = useState<string | undefined>();
  const [draft, setDraft] = useState<Draft | undefined>();
  const [formError, setFormError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);

  const load = useCallback(async () => {
    try {
      setPartitions((await api<{ data: PartitionView[] }>('/api/v1/partitions')).data);
      setError(undefined);
    } catch (e) {
      setError(errorText(e));
    }
  }, []);
  useEffect(() => {
    load();
  }, [load]);

  const edit = (p?: PartitionView) => {
    setFormError(undefined);
    setDraft(
      p
        ? {
            id: p.id,
            name: p.name,
            routingExpression: p.routingExpression,
            retentionPeriod: String(p.newRetentionPeriod ?? p.retentionPeriod),
            reduceRetentionPeriodImmediately: false,
            isIncludedInDefaultSearch: p.isIncludedInDefaultSearch,
          }
        : {
            name: '',
            routingExpression: '',
            retentionPeriod: '30',
            reduceRetentionPeriodImmediately: false,
            isIncludedInDefaultSearch: true,
          },
    );
  };

  const save = async () => {
    if (!draft) return;
    setBusy(true);
    try {
      const retentionPeriod = Number(draft.retentionPeriod);
      if (draft.id) {
        await api(`/api/v1/partitions/${draft.id}`, {
          method: 'PUT',
          body: {
            routingExpression: draft.routingExpression,
            retentionPeriod,
            reduceRetentionPeriodImmediately: draft.reduceRetentionPeriodImmediately,
            isIncludedInDefaultSearch: draft.isIncludedInDefaultSearch,
          },
        });
      } else {
        await api('/api/v1/partitions', {
          method: 'POST',
          body: {
            name: draft.name,
            routingExpression: draft.routingExpression,
            retentionPeriod,
            isIncludedInDefaultSearch: draft.isIncludedInDefaultSearch,
          },
        });
      }
      setDraft(undefined);
      await load();
    } catch (e) {
      setFormError(errorText(e));
    } finally {
      setBusy(false);
    }
  };

  const remove = async (p: PartitionView) => {
    if (!window.confirm(`Delete partition ${p.name}? Its messages stay, kept as long as ${DEFAULT_PARTITION} keeps messages.`)) return;
    try {
      await api(`/api/v1/partitions/${p.id}`, { method: 'DELETE' });
      await load();
    } catch (e) {
      setError(errorText(e));
    }
  };

  return (
    <div>
      <div className="page-header">
        <h1>Partitions</h1>
        <div className="toolbar">
          <button type="button" className="primary" onClick={() => edit()}>
            Add Partition
          </button>
        </div>
      </div>
      <PageError message={error} />
      {partitions === undefined ? (
        <div className="page-loading">Loading…</div>
      ) : (
        <table className="data-table" aria-label="Partitions">
          <thead>
            <tr>
              <th>Name</th>
              <th>Routing expression</th>
              <th>Retention (days)</th>
              <th>Size</th>
              <th>Default scope</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {partitions.map((p) => (
              <tr key={p.id}>
                <td>{p.name}</td>
                <td>
                  <code>{p.routingExpression || 'every message no other partition takes'}</code>
                </td>
                <td>
                  {p.retentionPeriod}
                  {p.newRetentionPeriod !== undefined && p.retentionEffectiveAt ? (
                    <span className="muted small">
                      {' '}
                      → {p.newRetentionPeriod} from {new Date(p.retentionEffectiveAt).toLocaleDateString()}
                    </span>
                  ) : null}
                </td>
                <td>{bytes(p.totalBytes)}</td>
                <td>{p.isIncludedInDefaultSearch ? 'searched' : <span className="muted">only with _index={p.name}</span>}</td>
                <td>
                  {p.name === DEFAULT_PARTITION ? (
                    <span className="muted small">set by MC2C_RETENTION_DAYS</span>
                  ) : (
                    <>
                      <button type="button" onClick={() => edit(p)}>
                        Edit
                      </button>{' '}
                      <button type="button" onClick={() => remove(p)}>
                        Delete
                      </button>
                    </>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {draft ? (
        <Modal
          title={draft.id ? `Edit ${draft.name}` : 'Add Partition'}
          onClose={() => setDraft(undefined)}
          footer={<ModalActions onCancel={() => setDraft(undefined)} actionLabel="Save" onAction={save} busy={busy} />}
        >
          <PageError message={formError} />
          {draft.id ? null : (
            <label className="field">
              Name
              <input value={draft.name} onChange={(e) => setDraft({ ...draft, name: e.target.value })} />
            </label>
          )}
          <label className="field">
            Routing expression
            <input
              value={draft.routingExpression}
              placeholder="_sourceCategory=mimecast/siem*"
              onChange={(e) => setDraft({ ...draft, routingExpression: e.target.value })}
            />
          </label>
          <label className="field">
            Retention period (days)
            <input
              type="number"
              min={1}
              value={draft.retentionPeriod}
              onChange={(e) => setDraft({ ...draft, retentionPeriod: e.target.value })}
            />
          </label>
          <label className="field">
            <input
              type="checkbox"
              checked={draft.isIncludedInDefaultSearch}
              onChange={(e) => setDraft({ ...draft, isIncludedInDefaultSearch: e.target.checked })}
            />{' '}
            Include in the default scope (searches without _index search it)
          </label>
          {draft.id ? (
            <label className="field">
              <input
                type="checkbox"
                checked={draft.reduceRetentionPeriodImmediately}
                onChange={(e) => setDraft({ ...draft, reduceRetentionPeriodImmediately: e.target.checked })}
              />{' '}
              Apply a shorter period now (otherwise in seven days)
            </label>
          ) : null}
        </Modal>
      ) : null}
    </div>
  );
}
