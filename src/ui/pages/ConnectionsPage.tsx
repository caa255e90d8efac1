import { useCallback, useEffect, useState } from 'react';
import { DEFAULT_WEBHOOK_PAYLOAD, WEBHOOK_TYPES, type WebhookConnectionInput } from '../../model/connection.js';
import { ApiError, api, apiRaw, errorText } from '../api.js';
import { EmailServerSection } from '../components/EmailServer.js';
import { Modal } from '../components/Modal.js';
import { PageError } from '../components/PageError.js';

type ConnectionView = WebhookConnectionInput & { id: string; version: number };

interface ConnectionForm {
  id?: string;
  name: string;
  description: string;
  webhookType: (typeof WEBHOOK_TYPES)[number];
  url: string;
  /** One `Name: value` a line; a secret comes back masked, and sent back masked it keeps its stored value. */
  headers: string;
  defaultPayload: string;
  resolutionPayload: string;
}

const emptyForm = (): ConnectionForm => ({
  name: '',
  description: '',
  webhookType: 'Webhook',
  url: '',
  headers: '',
  defaultPayload: DEFAULT_WEBHOOK_PAYLOAD,
  resolutionPayload: '',
});

function formOf(c: ConnectionView): ConnectionForm {
  return {
    id: c.id,
    name: c.name,
    description: c.description ?? '',
    webhookType: c.webhookType ?? 'Webhook',
    url: c.url,
    headers: (c.headers ?? []).map((h) => `${h.name}: ${h.value}`).join('\n'),
    defaultPayload: c.defaultPayload,
    resolutionPayload: c.resolutionPayload ?? '',
  };
}

function bodyOf(form: ConnectionForm): Record<string, unknown> {
  const headers = form.headers
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => {
      const colon = line.indexOf(':');
      return colon < 0 ? { name: line.trim(), value: '' } : { name: line.slice(0, colon).trim(), value: line.slice(colon + 1).trim() };
    });
  return {
    type: 'WebhookConnection',
    ...(form.id ? { id: form.id } : {}),
    name: form.name,
    description: form.description,
    webhookType: form.webhookType,
    url: form.url,
    headers,
    defaultPayload: form.defaultPayload,
    ...(form.resolutionPayload.trim() ? { resolutionPayload: form.resolutionPayload } : {}),
  };
}

/** Webhook connections (Sumo's Connections API): create, edit, test. */
export function ConnectionsPage() {
  const [connections, setConnections] = useState<ConnectionView[] | undefined>();
  const [error, setError] = useState<string | undefined>();
  const [form, setForm] = useState<ConnectionForm | undefined>();

  const load = useCallback(async () => {
    try {
      setConnections((await api<{ data: ConnectionView[] }>('/api/v1/connections?limit=1000')).data);
    } catch (e) {
      setError(errorText(e));
    }
  }, []);
  useEffect(() => {
    load();
  }, [load]);

  return (
    <div>
      <div className="page-header">
        <h1>Connections</h1>
        <div className="toolbar">
          <button type="button" className="primary" onClick={() => setForm(emptyForm())}>
            New connection
          </button>
        </div>
      </div>
      <PageError message={error} />
      <EmailServerSection />
      <h2>Webhooks</h2>
      {connections === undefined ? (
        <div className="page-loading">Loading…</div>
      ) : connections.length === 0 ? (
        <p className="muted">No connections yet: a monitor notifies through one.</p>
      ) : (
        <div className="table-wrap">
          <table className="data-table" aria-label="Connections">
            <thead>
              <tr>
                <th>Name</th>
                <th>Type</th>
                <th>URL</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {connections.map((c) => (
                <tr key={c.id}>
                  <td>{c.name}</td>
                  <td>{c.webhookType}</td>
                  <td className="mono">{c.url}</td>
                  <td className="row-actions">
                    <button type="button" onClick={() => setForm(formOf(c))}>
                      Edit
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {form ? (
        <ConnectionDialog
          form={form}
          onClose={() => setForm(undefined)}
          onSaved={async () => {
            // The list first: an Edit clicked as the dialog closes must open what was just saved.
            await load();
            setForm(undefined);
          }}
        />
      ) : null}
    </div>
  );
}

function ConnectionDialog(props: { form: ConnectionForm; onClose: () => void; onSaved: () => Promise<void> }) {
  const [form, setForm] = useState(props.form);
  const [error, setError] = useState<ApiError | Error | undefined>();
  const [tested, setTested] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const set = (patch: Partial<ConnectionForm>) => setForm({ ...form, ...patch });

  const save = async () => {
    setBusy(true);
    try {
      if (form.id) {
        const path = `/api/v1/connections/${encodeURIComponent(form.id)}`;
        const etag = (await apiRaw(path)).headers.get('etag') ?? undefined;
        await api(path, { method: 'PUT', body: bodyOf(form), headers: etag ? { 'If-Match': etag } : {} });
      } else {
        await api('/api/v1/connections', { method: 'POST', body: bodyOf(form) });
      }
      await props.onSaved();
    } catch (e) {
      setError(e as Error);
    } finally {
      setBusy(false);
    }
  };

  const test = async () => {
    setBusy(true);
    setTested(undefined);
    try {
      const answer = await api<{ statusCode: number | null; responseContent: string }>('/api/v1/connections/test', {
        method: 'POST',
        body: bodyOf(form),
      });
      setTested(
        answer.statusCode === null ? `No answer: ${answer.responseContent}` : `HTTP ${answer.statusCode}: ${answer.responseContent}`,
      );
      setError(undefined);
    } catch (e) {
      setError(e as Error);
    } finally {
      setBusy(false);
    }
  };

  const fieldError = (name: string) =>
    error instanceof ApiError && error.field?.startsWith(name) ? (
      <span className="field-error" role="alert" data-field={error.field}>
        {error.message}
      </span>
    ) : null;

  return (
    <Modal
      title={form.id ? `Edit ${props.form.name}` : 'New connection'}
      onClose={props.onClose}
      wide
      footer={
        <>
          <button type="button" onClick={test} disabled={busy}>
            Test connection
          </button>
          <button type="button" onClick={props.onClose}>
            Cancel
          </button>
          <button type="button" className="primary" onClick={save} disabled={busy}>
            Save
          </button>
        </>
      }
    >
      {error && !(error instanceof ApiError && error.field) ? (
        <div className="page-error" role="alert">
          {errorText(error)}
        </div>
      ) : null}
      {tested ? (
        <p className="muted" data-testid="test-result">
          {tested}
        </p>
      ) : null}
      <div className="form-grid">
        <label className="field">
          <span>Name *</span>
          <input name="name" value={form.name} onChange={(e) => set({ name: e.target.value })} />
          {fieldError('name')}
        </label>
        <label className="field">
          <span>Type</span>
          <select
            name="webhookType"
            value={form.webhookType}
            onChange={(e) => set({ webhookType: e.target.value as ConnectionForm['webhookType'] })}
          >
            {WEBHOOK_TYPES.map((t) => (
              <option key={t} value={t}>
                {t}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>URL *</span>
          <input name="url" value={form.url} placeholder="https://hooks.example.com/…" onChange={(e) => set({ url: e.target.value })} />
          {fieldError('url')}
        </label>
        <label className="field">
          <span>Description</span>
          <input name="description" value={form.description} onChange={(e) => set({ description: e.target.value })} />
        </label>
      </div>
      <label className="field">
        <span>Headers (one "Name: value" a line; Authorization is stored encrypted and shown masked)</span>
        <textarea name="headers" className="mono" rows={3} value={form.headers} onChange={(e) => set({ headers: e.target.value })} />
        {fieldError('headers')}
      </label>
      <label className="field">
        <span>
          Payload (alert variables such as {'{{Name}}'}, {'{{TriggerType}}'}, {'{{ResultsJson}}'})
        </span>
        <textarea
          name="defaultPayload"
          className="mono"
          rows={5}
          value={form.defaultPayload}
          onChange={(e) => set({ defaultPayload: e.target.value })}
        />
        {fieldError('defaultPayload')}
      </label>
      <label className="field">
        <span>Resolution payload (the payload when empty)</span>
        <textarea
          name="resolutionPayload"
          className="mono"
          rows={3}
          value={form.resolutionPayload}
          onChange={(e) => set({ resolutionPayload: e.target.value })}
        />
      </label>
    </Modal>
  );
}
