import { useState } from 'react';
import type { DashboardDocument } from '../../model/dashboard.js';
import { applySettings, newVariable, type SettingsDraft, settingsError, settingsOf, type VariableDraft } from '../dashboard-settings.js';
import { PRESETS } from '../time.js';
import { Modal, ModalActions } from './Modal.js';
import { PageError } from './PageError.js';

/**
 * The dashboard's title, description, default time range and filters (its variables: a name that panels
 * use as `{{name}}`, a label, a default value and the values offered). A filter whose values come from a
 * query keeps its query. The changes join the editor's draft and are saved with it.
 */
export function DashboardSettingsDialog(props: {
  dashboard: DashboardDocument;
  onApply: (dashboard: DashboardDocument) => void;
  onCancel: () => void;
}) {
  const [draft, setDraft] = useState<SettingsDraft>(() => settingsOf(props.dashboard));
  const [error, setError] = useState<string | undefined>();
  const update = (key: number, patch: Partial<VariableDraft>) =>
    setDraft({ ...draft, variables: draft.variables.map((v) => (v.key === key ? { ...v, ...patch } : v)) });
  const apply = () => {
    const wrong = settingsError(draft);
    if (wrong) return setError(wrong);
    props.onApply(applySettings(props.dashboard, draft));
  };
  return (
    <Modal
      title="Dashboard settings"
      onClose={props.onCancel}
      wide
      footer={<ModalActions onCancel={props.onCancel} actionLabel="Apply" onAction={apply} />}
    >
      <form
        className="form panel-editor dashboard-settings"
        onSubmit={(e) => {
          e.preventDefault();
          apply();
        }}
      >
        <PageError message={error} />
        <label>
          <span>Title</span>
          <input name="title" value={draft.title} maxLength={255} onChange={(e) => setDraft({ ...draft, title: e.target.value })} />
        </label>
        <label>
          <span>Description</span>
          <input
            name="description"
            value={draft.description}
            maxLength={1024}
            onChange={(e) => setDraft({ ...draft, description: e.target.value })}
          />
        </label>
        <label>
          <span>Default time range</span>
          <input
            name="timeRange"
            list="dashboard-time-presets"
            value={draft.relativeTime}
            onChange={(e) => setDraft({ ...draft, relativeTime: e.target.value })}
          />
          <datalist id="dashboard-time-presets">
            {PRESETS.map((p) => (
              <option key={p.from} value={p.from}>
                {p.label}
              </option>
            ))}
          </datalist>
        </label>
        <fieldset className="dashboard-filters">
          <legend>Filters (panels use one as {'{{name}}'})</legend>
          {draft.variables.map((v, i) => (
            <fieldset className="filter-row" key={v.key} aria-label={`Filter ${i + 1}`}>
              <input
                aria-label="Name"
                name="filterName"
                value={v.name}
                maxLength={64}
                onChange={(e) => update(v.key, { name: e.target.value })}
              />
              <input
                aria-label="Label"
                name="filterLabel"
                value={v.displayName}
                maxLength={255}
                placeholder="As the name"
                onChange={(e) => update(v.key, { displayName: e.target.value })}
              />
              <input
                aria-label="Default value"
                name="filterDefault"
                value={v.defaultValue}
                maxLength={1000}
                onChange={(e) => update(v.key, { defaultValue: e.target.value })}
              />
              {v.original?.sourceDefinition.variableSourceType === 'LogQueryVariableSourceDefinition' ? (
                <span className="muted">values from its query</span>
              ) : (
                <input
                  aria-label="Values"
                  name="filterValues"
                  value={v.values}
                  maxLength={10_000}
                  placeholder="Values offered, comma-separated"
                  onChange={(e) => update(v.key, { values: e.target.value })}
                />
              )}
              <button
                type="button"
                className="link"
                onClick={() => setDraft({ ...draft, variables: draft.variables.filter((x) => x.key !== v.key) })}
              >
                Remove
              </button>
            </fieldset>
          ))}
          <button type="button" onClick={() => setDraft({ ...draft, variables: [...draft.variables, newVariable(draft)] })}>
            Add filter
          </button>
        </fieldset>
      </form>
    </Modal>
  );
}
