import { useState } from 'react';
import { CHART_TYPES, type DashboardVariable, type PanelFilter } from '../../model/dashboard.js';
import { CHART_LABELS, type PanelDraft, queryVariables } from '../dashboard-model.js';
import { PRESETS } from '../time.js';
import { Modal, ModalActions } from './Modal.js';
import { PageError } from './PageError.js';

/**
 * A panel's title, query, chart type, own time range and panel filters. A panel filter gives one of the
 * query's variables a value for this panel only; left empty, the panel follows the dashboard's filter.
 */
export function PanelEditor(props: {
  title: string;
  initial: PanelDraft;
  variables: DashboardVariable[];
  onSave: (draft: PanelDraft) => void;
  onCancel: () => void;
}) {
  const [draft, setDraft] = useState(props.initial);
  const [error, setError] = useState<string | undefined>();
  const names = [...new Set([...props.variables.map((v) => v.name), ...queryVariables(draft.query)])];
  const filterValue = (name: string) => draft.filters.find((f) => f.name === name)?.value ?? '';
  const setFilter = (name: string, value: string) => {
    const others = draft.filters.filter((f) => f.name !== name);
    const filters: PanelFilter[] = value === '' ? others : [...others, { name, value }];
    setDraft({ ...draft, filters });
  };
  const typeKnown = (CHART_TYPES as readonly string[]).includes(draft.type);
  const save = () => {
    if (draft.title.trim() === '') return setError('Title: must not be empty');
    if (draft.relativeTime.trim() !== '' && !/^-\d{1,6}[smhdw]$/.test(draft.relativeTime.trim())) {
      return setError('Time range: use a relative time such as -15m, -24h or -7d, or leave it to the dashboard');
    }
    props.onSave(draft);
  };
  return (
    <Modal
      title={props.title}
      onClose={props.onCancel}
      wide
      footer={<ModalActions onCancel={props.onCancel} actionLabel="Apply" onAction={save} />}
    >
      <form
        className="form panel-editor"
        onSubmit={(e) => {
          e.preventDefault();
          save();
        }}
      >
        <PageError message={error} />
        <label>
          <span>Title</span>
          <input name="title" value={draft.title} maxLength={255} onChange={(e) => setDraft({ ...draft, title: e.target.value })} />
        </label>
        <label>
          <span>Query</span>
          <textarea
            name="query"
            rows={6}
            spellCheck={false}
            value={draft.query}
            onChange={(e) => setDraft({ ...draft, query: e.target.value })}
          />
        </label>
        <label>
          <span>Chart type</span>
          <select name="chartType" value={draft.type} onChange={(e) => setDraft({ ...draft, type: e.target.value })}>
            {typeKnown ? null : <option value={draft.type}>{draft.type} (not supported)</option>}
            {CHART_TYPES.map((t) => (
              <option key={t} value={t}>
                {CHART_LABELS[t]}
              </option>
            ))}
          </select>
        </label>
        <label>
          <span>Time range</span>
          <input
            name="timeRange"
            list="panel-time-presets"
            placeholder="The dashboard's"
            value={draft.relativeTime}
            onChange={(e) => setDraft({ ...draft, relativeTime: e.target.value })}
          />
          <datalist id="panel-time-presets">
            {PRESETS.map((p) => (
              <option key={p.from} value={p.from}>
                {p.label}
              </option>
            ))}
          </datalist>
        </label>
        {names.length ? (
          <fieldset className="panel-filter-fields">
            <legend>Panel filters (this panel only; empty follows the dashboard)</legend>
            {names.map((name) => (
              <label key={name}>
                <span>{props.variables.find((v) => v.name === name)?.displayName || name}</span>
                <input
                  name={`panelFilter-${name}`}
                  value={filterValue(name)}
                  placeholder="Dashboard's value"
                  onChange={(e) => setFilter(name, e.target.value)}
                />
              </label>
            ))}
          </fieldset>
        ) : null}
      </form>
    </Modal>
  );
}
