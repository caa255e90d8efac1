import { useEffect, useState } from 'react';
import type { DashboardVariable } from '../../model/dashboard.js';
import { runPanel } from '../panels.js';

/**
 * The dashboard filters: one input per variable with the values it may take (fixed ones, or those its
 * query finds in the time range), applied to every panel on **Apply filters**.
 */
export function FilterBar(props: {
  variables: DashboardVariable[];
  range: { from: number; to: number } | undefined;
  draft: Record<string, string>;
  onDraft: (values: Record<string, string>) => void;
  onApply: () => void;
}) {
  const { variables, range } = props;
  const [suggestions, setSuggestions] = useState<Record<string, string[]>>({});
  const from = range?.from;
  const to = range?.to;
  useEffect(() => {
    if (from === undefined || to === undefined) return;
    const abort = new AbortController();
    for (const v of variables) {
      const def = v.sourceDefinition;
      if (def.variableSourceType === 'CsvVariableSourceDefinition') {
        setSuggestions((prev) => ({ ...prev, [v.name]: def.values.split(',').filter(Boolean) }));
        continue;
      }
      runPanel({ query: def.query, from, to }, abort.signal)
        .then((r) => {
          const values = r.rows
            .slice(0, 50)
            .map((row) => row[def.field.toLowerCase()])
            .filter((x) => x !== null && x !== undefined && x !== '')
            .map(String);
          setSuggestions((prev) => ({ ...prev, [v.name]: ['*', ...values] }));
        })
        // Suggestions are a convenience: without them the filter still takes any typed value.
        .catch(() => undefined);
    }
    return () => abort.abort();
  }, [variables, from, to]);

  if (!variables.length) return null;
  return (
    <form
      className="filter-bar"
      aria-label="Filters"
      onSubmit={(e) => {
        e.preventDefault();
        props.onApply();
      }}
    >
      {variables.map((v) => (
        <label key={v.name}>
          <span>{v.displayName || v.name}</span>
          <input
            name={v.name}
            list={`var-${v.name}`}
            value={props.draft[v.name] ?? ''}
            placeholder="*"
            onChange={(e) => props.onDraft({ ...props.draft, [v.name]: e.target.value })}
          />
          <datalist id={`var-${v.name}`}>
            {(suggestions[v.name] ?? []).map((o) => (
              <option key={o} value={o} />
            ))}
          </datalist>
        </label>
      ))}
      <button type="submit">Apply filters</button>
    </form>
  );
}
