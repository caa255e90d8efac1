import { type ReactNode, useEffect, useState } from 'react';
import { THRESHOLD_TYPES, type ThresholdType } from '../../model/monitor.js';
import { ApiError, api, errorText } from '../api.js';
import { useEmailServer } from '../components/EmailServer.js';
import {
  bodyOf,
  formOf,
  type LevelForm,
  type MonitorForm,
  newMonitorForm,
  type PreviewWindow,
  previewRanges,
  previewWindow,
} from '../monitor-form-model.js';
import { runPanel } from '../panels.js';
import { href, navigate } from '../router.js';

interface ConnectionOption {
  id: string;
  name: string;
}

const TIME_RANGES = ['-5m', '-15m', '-30m', '-1h', '-3h', '-6h', '-12h', '-24h'];

/** Create (`#/monitors/new?q=…&parent=…`) or edit (`#/monitors/{id}`) a Logs monitor, with a preview of where it would have fired. */
export function MonitorFormPage(props: { id?: string; query?: string; parentId?: string }) {
  const [form, setForm] = useState<MonitorForm | undefined>(props.id ? undefined : newMonitorForm(props.query ?? ''));
  const [original, setOriginal] = useState<Record<string, unknown>>({});
  const [connections, setConnections] = useState<ConnectionOption[]>([]);
  const [error, setError] = useState<ApiError | Error | undefined>();
  const [busy, setBusy] = useState(false);
  const emailServer = useEmailServer();

  useEffect(() => {
    api<{ data: ConnectionOption[] }>('/api/v1/connections?limit=1000')
      .then((page) => setConnections(page.data))
      .catch((e) => setError(e));
    if (props.id) {
      api<Record<string, unknown>>(`/api/v1/monitors/${encodeURIComponent(props.id)}`)
        .then((item) => {
          setOriginal(item);
          setForm(formOf(item));
        })
        .catch((e) => setError(e));
    }
  }, [props.id]);

  if (form === undefined)
    return error ? <div className="page-error">{errorText(error)}</div> : <div className="page-loading">Loading…</div>;
  const set = (patch: Partial<MonitorForm>) => {
    setForm({ ...form, ...patch });
    // An error names the field as it was sent: once the user edits, it no longer stands.
    setError(undefined);
  };
  // Each enabled level sends its trigger then its Resolved one: Critical's come first.
  const criticalAt = /^triggers\[[01]\]/;
  const warningAt = form.critical.enabled ? /^triggers\[[23]\]/ : criticalAt;

  const save = async () => {
    setBusy(true);
    try {
      if (props.id) {
        await api(`/api/v1/monitors/${encodeURIComponent(props.id)}`, { method: 'PUT', body: bodyOf(form, original) });
      } else {
        const parent = props.parentId ? `?parentId=${encodeURIComponent(props.parentId)}` : '';
        await api(`/api/v1/monitors${parent}`, { method: 'POST', body: bodyOf(form) });
      }
      navigate('/monitors');
    } catch (e) {
      setError(e as Error);
    } finally {
      setBusy(false);
    }
  };

  const fieldError = (prefix: RegExp) =>
    error instanceof ApiError && error.field && prefix.test(error.field) ? (
      <span className="field-error" role="alert" data-field={error.field}>
        {error.message}
      </span>
    ) : null;

  return (
    <form
      className="monitor-form"
      onSubmit={(e) => {
        e.preventDefault();
        save();
      }}
    >
      <div className="page-header">
        <div>
          <a className="muted small" href={href('/monitors')}>
            ← Monitors
          </a>
          <h1>{props.id ? `Edit ${String(original.name ?? 'monitor')}` : 'New monitor'}</h1>
        </div>
      </div>
      {error && !(error instanceof ApiError && error.field) ? (
        <div className="page-error" role="alert">
          {errorText(error)}
        </div>
      ) : null}
      <div className="form-grid">
        <label className="field">
          <span>Name *</span>
          <input name="name" value={form.name} onChange={(e) => set({ name: e.target.value })} />
          {fieldError(/^name/)}
        </label>
        <label className="field">
          <span>Description</span>
          <input name="description" value={form.description} onChange={(e) => set({ description: e.target.value })} />
        </label>
      </div>
      <label className="field">
        <span>Query *</span>
        <textarea
          name="query"
          aria-label="Monitor query"
          className="mono query-editor"
          rows={4}
          spellCheck={false}
          value={form.query}
          onChange={(e) => set({ query: e.target.value })}
        />
        {fieldError(/^queries/)}
      </label>
      <div className="form-grid">
        <label className="field">
          <span>Time range</span>
          <select name="timeRange" value={form.timeRange} onChange={(e) => set({ timeRange: e.target.value })}>
            {[...new Set([...TIME_RANGES, form.timeRange])].map((t) => (
              <option key={t} value={t}>
                {t}
              </option>
            ))}
          </select>
          {fieldError(/\.timeRange$/)}
        </label>
        <label className="field">
          <span>Alert on</span>
          <select
            name="triggerSource"
            value={form.triggerSource}
            onChange={(e) => set({ triggerSource: e.target.value as MonitorForm['triggerSource'] })}
          >
            <option value="AllResults">the result count</option>
            <option value="AnyTimeSeries">each series (row) of an aggregate</option>
          </select>
        </label>
        <label className="field">
          <span>Occurrence</span>
          <select
            name="occurrenceType"
            value={form.occurrenceType}
            onChange={(e) => set({ occurrenceType: e.target.value as MonitorForm['occurrenceType'] })}
          >
            <option value="ResultCount">the value (result count, or the series' value)</option>
            <option value="AtLeastOnce">at least once (any data point of an aggregate)</option>
            <option value="Always">always (every data point of an aggregate)</option>
          </select>
          {fieldError(/\.occurrenceType$/)}
        </label>
      </div>
      <Level
        name="Critical"
        level={form.critical}
        onChange={(critical) => set({ critical })}
        error={form.critical.enabled ? fieldError(criticalAt) : null}
      />
      <Level name="Warning" level={form.warning} onChange={(warning) => set({ warning })} error={fieldError(warningAt)} />
      {fieldError(/^triggers$/)}
      <fieldset className="field">
        <legend>Notify</legend>
        {connections.length === 0 ? (
          <span className="muted small">
            No connections: <a href={href('/connections')}>create one</a> to be notified.
          </span>
        ) : null}
        {connections.map((c) => (
          <label key={c.id} className="checkbox">
            <input
              type="checkbox"
              name={`connection-${c.name}`}
              checked={form.connectionIds.includes(c.id)}
              onChange={(e) =>
                set({ connectionIds: e.target.checked ? [...form.connectionIds, c.id] : form.connectionIds.filter((x) => x !== c.id) })
              }
            />
            <span>{c.name}</span>
          </label>
        ))}
        {fieldError(/^notifications\[\d+\]\.notification\.connectionId/)}
      </fieldset>
      <fieldset className="field">
        <legend>E-mail</legend>
        {emailServer && !emailServer.configured ? (
          <span className="muted small">No SMTP server is configured (MC2C_SMTP_HOST): the server refuses e-mail notifications.</span>
        ) : null}
        <label className="field">
          <span>Recipients (comma-separated; none: no e-mail)</span>
          <input
            name="emailRecipients"
            value={form.email.recipients}
            onChange={(e) => set({ email: { ...form.email, recipients: e.target.value } })}
          />
        </label>
        <label className="field">
          <span>
            Subject (empty: Monitor Alert: {'{{TriggerType}}'} on {'{{Name}}'})
          </span>
          <input
            name="emailSubject"
            value={form.email.subject}
            onChange={(e) => set({ email: { ...form.email, subject: e.target.value } })}
          />
        </label>
        <label className="field">
          <span>Message (variables such as {'{{QueryURL}}'}; HTML when it holds a tag)</span>
          <textarea
            name="emailBody"
            rows={3}
            value={form.email.messageBody}
            onChange={(e) => set({ email: { ...form.email, messageBody: e.target.value } })}
          />
        </label>
        {fieldError(/^notifications(?!\[\d+\]\.notification\.connectionId)/)}
      </fieldset>
      <label className="field checkbox">
        <input
          type="checkbox"
          name="groupNotifications"
          checked={form.groupNotifications}
          onChange={(e) => set({ groupNotifications: e.target.checked })}
        />
        <span>Group notifications (one for all the series of a trigger type, not one per series)</span>
      </label>
      <label className="field checkbox">
        <input type="checkbox" name="isDisabled" checked={form.isDisabled} onChange={(e) => set({ isDisabled: e.target.checked })} />
        <span>Disabled (not evaluated)</span>
      </label>
      <Preview form={form} />
      <div className="form-actions">
        <a className="button" href={href('/monitors')}>
          Cancel
        </a>
        <button type="submit" className="primary" disabled={busy}>
          {busy ? 'Saving…' : 'Save'}
        </button>
      </div>
    </form>
  );
}

function Level(props: { name: string; level: LevelForm; onChange: (level: LevelForm) => void; error: ReactNode }) {
  const { level } = props;
  return (
    <div className="form-grid" data-level={props.name}>
      <label className="field checkbox">
        <input
          type="checkbox"
          name={`${props.name}-enabled`}
          checked={level.enabled}
          onChange={(e) => props.onChange({ ...level, enabled: e.target.checked })}
        />
        <span>{props.name} when the count is</span>
      </label>
      <label className="field">
        <span>Condition</span>
        <select
          name={`${props.name}-thresholdType`}
          value={level.thresholdType}
          disabled={!level.enabled}
          onChange={(e) => props.onChange({ ...level, thresholdType: e.target.value as ThresholdType })}
        >
          {THRESHOLD_TYPES.map((t) => (
            <option key={t} value={t}>
              {t}
            </option>
          ))}
        </select>
      </label>
      <label className="field">
        <span>Threshold</span>
        <input
          name={`${props.name}-threshold`}
          value={level.threshold}
          disabled={!level.enabled}
          onChange={(e) => props.onChange({ ...level, threshold: e.target.value })}
        />
        {props.error}
      </label>
    </div>
  );
}

/**
 * Runs the query over each window of the time range in the last hours (POST /api/ui/panels/run) and marks
 * the windows where a level would have fired, by the evaluator's rule. Windows here are consecutive, where
 * the monitor looks back over a sliding one every minute: a preview, not a replay.
 */
function Preview({ form }: { form: MonitorForm }) {
  const [windows, setWindows] = useState<PreviewWindow[] | undefined>();
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);

  const run = async () => {
    setBusy(true);
    try {
      const ranges = previewRanges(form, Date.now());
      const results = await Promise.all(ranges.map((range) => runPanel({ query: form.query, ...range })));
      setWindows(results.map((result, i) => previewWindow(form, ranges[i].from, result)));
      setError(undefined);
    } catch (e) {
      setWindows(undefined);
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };

  const fired = windows?.filter((w) => w.critical || w.warning) ?? [];
  const max = Math.max(1, ...(windows ?? []).map((w) => w.value));
  return (
    <section className="monitor-preview" aria-label="Preview">
      <div className="toolbar">
        <button type="button" onClick={run} disabled={busy || !form.query.trim()}>
          {busy ? 'Running…' : 'Preview the last hours'}
        </button>
        {windows ? (
          <span data-testid="preview-summary">
            {fired.length === 0 ? 'Would not have fired' : `Would have fired in ${fired.length} of ${windows.length} windows`}
          </span>
        ) : null}
      </div>
      {error ? <p className="field-error">{error}</p> : null}
      {windows ? (
        <div className="preview-bars">
          {windows.map((w) => (
            <div
              key={w.start}
              className={`preview-bar${w.critical ? ' critical' : w.warning ? ' warning' : ''}`}
              style={{ height: `${Math.max(2, (w.value / max) * 100)}%` }}
              title={`${new Date(w.start).toLocaleString()}: ${w.value}${w.critical ? ' (Critical)' : w.warning ? ' (Warning)' : ''}`}
            />
          ))}
        </div>
      ) : null}
    </section>
  );
}
