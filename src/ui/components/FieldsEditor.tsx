import { useCallback, useEffect, useState } from 'react';
import type { FieldRecord } from '../../model/field.js';
import { api, errorText } from '../api.js';
import { type FieldRow, newKey } from '../source-form-model.js';

/**
 * The source's custom fields. Each name is checked against the fields schema (Field Management API): a
 * field not in the schema is dropped from messages, so the form says so and offers to add it.
 */
export function FieldsEditor(props: { rows: FieldRow[]; errors: Record<string, string>; onChange: (rows: FieldRow[]) => void }) {
  const [schema, setSchema] = useState<FieldRecord[] | undefined>();
  const [schemaError, setSchemaError] = useState<string | undefined>();

  const load = useCallback(() => {
    api<{ data: FieldRecord[] }>('/api/v1/fields')
      .then((r) => setSchema(r.data))
      .catch((e) => setSchemaError(errorText(e)));
  }, []);
  useEffect(load, [load]);

  const addToSchema = async (name: string) => {
    try {
      await api('/api/v1/fields', { method: 'POST', body: { fieldName: name } });
      setSchemaError(undefined);
      load();
    } catch (e) {
      setSchemaError(errorText(e));
    }
  };

  const update = (key: number, patch: Partial<FieldRow>) => props.onChange(props.rows.map((r) => (r.key === key ? { ...r, ...patch } : r)));
  const known = new Set((schema ?? []).map((f) => f.fieldName.toLowerCase()));

  return (
    <fieldset className="field">
      <legend>Fields</legend>
      {props.rows.map((row, i) => {
        const name = row.name.trim();
        const builtIn = name.startsWith('_');
        const inSchema = builtIn || known.has(name.toLowerCase());
        return (
          <div key={row.key} className="row" data-field-row={name}>
            <input
              aria-label="Field name"
              name={`fieldName${i}`}
              placeholder="name"
              value={row.name}
              onChange={(e) => update(row.key, { name: e.target.value })}
            />
            <input
              aria-label="Field value"
              name={`fieldValue${i}`}
              placeholder="value"
              value={row.value}
              onChange={(e) => update(row.key, { value: e.target.value })}
            />
            {name && schema ? (
              inSchema ? (
                <span className="field-ok" data-indicator="exists" title="This field exists in the fields schema">
                  ✓ in schema
                </span>
              ) : (
                <span className="field-warn" data-indicator="missing">
                  ⚠ not in the fields schema: it will be dropped{' '}
                  <button type="button" className="link" onClick={() => addToSchema(name)}>
                    Add to schema
                  </button>
                </span>
              )
            ) : null}
            <button
              type="button"
              className="icon-button"
              aria-label="Remove field"
              onClick={() => props.onChange(props.rows.filter((r) => r.key !== row.key))}
            >
              ×
            </button>
            {props.errors[`config.fields[${i}]`] ? (
              <span className="field-error" role="alert">
                {props.errors[`config.fields[${i}]`]}
              </span>
            ) : null}
          </div>
        );
      })}
      <button type="button" className="link" onClick={() => props.onChange([...props.rows, { key: newKey(), name: '', value: '' }])}>
        +Add Field
      </button>
      {props.errors['config.fields'] ? (
        <span className="field-error" role="alert">
          {props.errors['config.fields']}
        </span>
      ) : null}
      {schemaError ? (
        <span className="field-error" role="alert">
          {schemaError}
        </span>
      ) : null}
    </fieldset>
  );
}
