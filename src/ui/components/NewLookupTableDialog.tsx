import { useState } from 'react';
import { LOOKUP_FIELD_TYPES, type LookupTable } from '../../model/lookup-table.js';
import { api, errorText } from '../api.js';
import { Modal, ModalActions } from './Modal.js';

type FieldType = (typeof LOOKUP_FIELD_TYPES)[number];

/** `ip, owner:string, risk:int` → Sumo's fields list (a name without a type is a string). */
export function parseFieldList(text: string): { fieldName: string; fieldType: FieldType }[] | string {
  const fields: { fieldName: string; fieldType: FieldType }[] = [];
  for (const part of text.split(',').map((p) => p.trim())) {
    if (part === '') continue;
    const [name, type = 'string'] = part.split(':').map((x) => x.trim());
    if (!(LOOKUP_FIELD_TYPES as readonly string[]).includes(type))
      return `Fields: ${name} has the unknown type '${type}' (${LOOKUP_FIELD_TYPES.join(', ')})`;
    fields.push({ fieldName: name, fieldType: type as FieldType });
  }
  return fields.length === 0 ? 'Fields: name at least one' : fields;
}

export function NewLookupTableDialog(props: { parentId: string; onClose: () => void; onCreated: (table: LookupTable) => void }) {
  const [name, setName] = useState('');
  const [fields, setFields] = useState('');
  const [keys, setKeys] = useState('');
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);

  const submit = async () => {
    const parsed = parseFieldList(fields);
    if (typeof parsed === 'string') {
      setError(parsed);
      return;
    }
    setBusy(true);
    try {
      const primaryKeys = keys
        .split(',')
        .map((k) => k.trim())
        .filter((k) => k !== '');
      const table = await api<LookupTable>('/api/v1/lookupTables', {
        method: 'POST',
        body: { name: name.trim(), fields: parsed, primaryKeys, parentFolderId: props.parentId },
      });
      props.onCreated(table);
    } catch (e) {
      setError(errorText(e));
      setBusy(false);
    }
  };

  return (
    <Modal
      title="New Lookup Table"
      onClose={props.onClose}
      footer={<ModalActions onCancel={props.onClose} actionLabel="Create" onAction={submit} busy={busy} />}
    >
      <label className="field">
        <span>Name</span>
        <input name="lookupName" value={name} maxLength={255} onChange={(e) => setName(e.target.value)} />
      </label>
      <label className="field">
        <span>Fields (name:type, comma-separated; types {LOOKUP_FIELD_TYPES.join(', ')})</span>
        <input name="lookupFields" value={fields} placeholder="ip, owner, risk:int" onChange={(e) => setFields(e.target.value)} />
      </label>
      <label className="field">
        <span>Primary keys</span>
        <input name="lookupKeys" value={keys} placeholder="ip" onChange={(e) => setKeys(e.target.value)} />
      </label>
      {error ? (
        <p className="field-error" role="alert">
          {error}
        </p>
      ) : null}
    </Modal>
  );
}
