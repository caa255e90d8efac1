import { useEffect, useState } from 'react';
import type { SourceView } from '../../model/api-views.js';
import { ApiError, apiRaw, errorText } from '../api.js';
import { FieldsEditor } from '../components/FieldsEditor.js';
import { PageError } from '../components/PageError.js';
import { PushReceiver } from '../components/PushReceiver.js';
import { RulesEditor } from '../components/RulesEditor.js';
import { href, navigate } from '../router.js';
import { configFromForm, DATA_TYPE_CHOICES, emptyForm, type FormState, formFromConfig, validateForm } from '../source-form-model.js';

/** Add or edit a Mimecast source: every field of the seed form, errors next to the field they concern. */
export function SourceFormPage({ collectorId, sourceId }: { collectorId: string; sourceId?: string }) {
  const [form, setForm] = useState<FormState | undefined>(sourceId ? undefined : emptyForm());
  const [etag, setEtag] = useState<string | undefined>();
  const [original, setOriginal] = useState<SourceView | undefined>();
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const base = `/api/v1/collectors/${encodeURIComponent(collectorId)}/sources`;

  useEffect(() => {
    if (!sourceId) return;
    apiRaw<{ source: SourceView }>(`${base}/${encodeURIComponent(sourceId)}`)
      .then(({ body, headers }) => {
        setOriginal(body.source);
        setEtag(headers.get('etag') ?? undefined);
        setForm(formFromConfig(body.source.config));
      })
      .catch((e) => setFormError(errorText(e)));
  }, [base, sourceId]);

  if (!form)
    return formError ? (
      <div className="page-error" role="alert">
        {formError}
      </div>
    ) : (
      <div className="page-loading">Loading…</div>
    );

  /** Editing a field clears what was said about it (and the summary once nothing is left). */
  const set = (patch: Partial<FormState>) => {
    setForm({ ...form, ...patch });
    const changed = Object.keys(patch).map((k) => `config.${k}`);
    const left = Object.fromEntries(Object.entries(errors).filter(([key]) => !changed.some((c) => key === c || key.startsWith(`${c}[`))));
    if (Object.keys(left).length !== Object.keys(errors).length) {
      setErrors(left);
      if (Object.keys(left).length === 0) setFormError(undefined);
    }
  };
  const err = (key: string) =>
    errors[key] ? (
      <span className="field-error" role="alert" data-field={key}>
        {errors[key]}
      </span>
    ) : null;

  const save = async (e: React.FormEvent) => {
    e.preventDefault();
    const found = validateForm(form, Boolean(sourceId));
    setErrors(found);
    setFormError(undefined);
    if (Object.keys(found).length) {
      setFormError('Please correct the fields marked below.');
      return;
    }
    setBusy(true);
    const config = configFromForm(form);
    try {
      if (sourceId && original) {
        await apiRaw(`${base}/${encodeURIComponent(sourceId)}`, {
          method: 'PUT',
          headers: etag ? { 'If-Match': etag } : {},
          body: { source: { ...original, config } },
        });
      } else {
        await apiRaw(base, {
          method: 'POST',
          body: { 'api.version': 'v1', source: { config, schemaRef: { type: 'Mimecast' }, sourceType: 'Universal' } },
        });
      }
      navigate('/collection');
    } catch (error) {
      setBusy(false);
      if (error instanceof ApiError && error.code === 'DuplicateResourceName') {
        setErrors({ 'config.name': error.message });
        setFormError(errorText(error));
      } else if (error instanceof ApiError && error.field) {
        const field =
          error.field.startsWith('config.') || error.field.startsWith('source.') ? error.field.replace(/^source\./, '') : error.field;
        setErrors({ [field]: error.rule });
        setFormError(errorText(error));
      } else setFormError(errorText(error));
    }
  };

  return (
    <form className="source-form" onSubmit={save} noValidate aria-label="Mimecast source">
      <div className="page-header">
        <div>
          <a className="breadcrumb" href={href('/collection')}>
            ← Collection
          </a>
          <h1>{sourceId ? `Edit ${original?.config.name ?? 'source'}` : 'Add Mimecast Source'}</h1>
        </div>
      </div>
      <PageError message={formError} />
      <div className="form-grid">
        <label className="field">
          <span>Name *</span>
          <input name="name" value={form.name} maxLength={128} onChange={(e) => set({ name: e.target.value })} />
          {err('config.name')}
        </label>
        <label className="field">
          <span>Description</span>
          <input name="description" value={form.description} onChange={(e) => set({ description: e.target.value })} />
          {err('config.description')}
        </label>
        <label className="field">
          <span>Source Category</span>
          <input name="category" value={form.category} placeholder="Mimecast" onChange={(e) => set({ category: e.target.value })} />
          {err('config.category')}
        </label>
        <label className="field checkbox">
          <input type="checkbox" name="siemForward" checked={form.siemForward} onChange={(e) => set({ siemForward: e.target.checked })} />
          <span>Forward to SIEM (adds _siemForward and the _siem* fields to every message)</span>
        </label>
      </div>

      <FieldsEditor rows={form.fields} errors={errors} onChange={(fields) => set({ fields })} />

      <div className="form-grid">
        <label className="field">
          <span>Client ID *</span>
          <input name="clientID" autoComplete="off" value={form.clientID} onChange={(e) => set({ clientID: e.target.value })} />
          {err('config.clientID')}
        </label>
        <label className="field">
          <span>Client Secret *</span>
          <input
            name="clientSecret"
            type="password"
            autoComplete="new-password"
            value={form.clientSecret}
            placeholder={sourceId ? 'unchanged' : ''}
            onChange={(e) => set({ clientSecret: e.target.value })}
          />
          {err('config.clientSecret')}
        </label>
      </div>

      <fieldset className="field">
        <legend>Supported APIs *</legend>
        {DATA_TYPE_CHOICES.map((d) => (
          <label key={d.value} className="checkbox">
            <input
              type="checkbox"
              name={`dataCollection.${d.value}`}
              checked={form.dataCollection.includes(d.value)}
              onChange={(e) =>
                set({
                  dataCollection: e.target.checked ? [...form.dataCollection, d.value] : form.dataCollection.filter((x) => x !== d.value),
                })
              }
            />
            <span>{d.label}</span>
            {d.hint && <span className="muted small">{d.hint}</span>}
          </label>
        ))}
        {err('config.dataCollection')}
      </fieldset>

      <RulesEditor rules={form.filters} hashAlgorithm={form.hashAlgorithm} errors={errors} onChange={(filters) => set({ filters })} />

      <details className="advanced">
        <summary>Advanced</summary>
        <div className="form-grid">
          <label className="field">
            <span>Region</span>
            <select name="region" value={form.region} onChange={(e) => set({ region: e.target.value as FormState['region'] })}>
              <option value="global">Global (api.services.mimecast.com)</option>
              <option value="us">US</option>
              <option value="uk">UK</option>
            </select>
            {err('config.region')}
          </label>
          <label className="field">
            <span>Collect from (start time)</span>
            <input name="startTime" value={form.startTime} onChange={(e) => set({ startTime: e.target.value })} />
            {err('config.startTime')}
          </label>
          <label className="field">
            <span>Polling interval (seconds)</span>
            <input
              name="pollingIntervalSec"
              inputMode="numeric"
              value={form.pollingIntervalSec}
              onChange={(e) => set({ pollingIntervalSec: e.target.value })}
            />
            {err('config.pollingIntervalSec')}
          </label>
          <label className="field">
            <span>Hash algorithm (Hash rules)</span>
            <select
              name="hashAlgorithm"
              value={form.hashAlgorithm}
              onChange={(e) => set({ hashAlgorithm: e.target.value as FormState['hashAlgorithm'] })}
            >
              <option value="MD5">MD5</option>
              <option value="SHA-256">SHA-256</option>
            </select>
          </label>
        </div>
      </details>

      {sourceId ? <PushReceiver collectorId={collectorId} sourceId={sourceId} /> : null}

      <div className="form-actions">
        <a className="button" href={href('/collection')}>
          Cancel
        </a>
        <button type="submit" className="primary" disabled={busy}>
          {busy ? 'Saving…' : 'Save'}
        </button>
      </div>
    </form>
  );
}
