import { useEffect, useState } from 'react';
import { CONTENT_LIMITS } from '../../model/content-sync.js';
import { errorText } from '../api.js';
import { folderChoices, importContent, savedSearchDefinition } from '../content.js';
import { Modal, ModalActions } from './Modal.js';

/** The library's dialogs: rename, a destination for move and copy, import from a file, save a search. */

function useAction(onDone: () => void) {
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const run = async (action: () => Promise<unknown>) => {
    setBusy(true);
    setError(undefined);
    try {
      await action();
      onDone();
    } catch (e) {
      setError(errorText(e));
      setBusy(false);
    }
  };
  return { error, busy, run, setError };
}

function ErrorLine({ error }: { error: string | undefined }) {
  return error ? (
    <p className="field-error" role="alert">
      {error}
    </p>
  ) : null;
}

function FolderSelect(props: { value: string; onChange: (id: string) => void; label: string }) {
  const [choices, setChoices] = useState<{ id: string; path: string }[] | undefined>();
  const [error, setError] = useState<string | undefined>();
  const { onChange, value } = props;
  useEffect(() => {
    folderChoices()
      .then(setChoices)
      .catch((e) => setError(errorText(e)));
  }, []);
  // The personal folder is chosen until the user picks another.
  useEffect(() => {
    if (!value && choices?.[0]) onChange(choices[0].id);
  }, [choices, value, onChange]);
  if (error) return <ErrorLine error={error} />;
  return (
    <label className="field">
      <span>{props.label}</span>
      <select name="folder" value={value} disabled={!choices} onChange={(e) => onChange(e.target.value)}>
        {(choices ?? []).map((c) => (
          <option key={c.id} value={c.id}>
            {c.path}
          </option>
        ))}
      </select>
    </label>
  );
}

export function RenameDialog(props: {
  name: string;
  onClose: () => void;
  onRename: (name: string) => Promise<unknown>;
  onDone: () => void;
}) {
  const [name, setName] = useState(props.name);
  const { error, busy, run } = useAction(props.onDone);
  return (
    <Modal
      title={`Rename ${props.name}`}
      onClose={props.onClose}
      footer={
        <ModalActions onCancel={props.onClose} actionLabel="Rename" busy={busy} onAction={() => run(() => props.onRename(name.trim()))} />
      }
    >
      <label className="field">
        <span>Name</span>
        <input name="newName" value={name} maxLength={CONTENT_LIMITS.maxName} onChange={(e) => setName(e.target.value)} />
      </label>
      <ErrorLine error={error} />
    </Modal>
  );
}

export function DestinationDialog(props: {
  title: string;
  actionLabel: string;
  onClose: () => void;
  onChoose: (folderId: string) => Promise<unknown>;
  onDone: () => void;
}) {
  const [folderId, setFolderId] = useState('');
  const { error, busy, run } = useAction(props.onDone);
  return (
    <Modal
      title={props.title}
      onClose={props.onClose}
      footer={
        <ModalActions
          onCancel={props.onClose}
          actionLabel={props.actionLabel}
          busy={busy || !folderId}
          onAction={() => run(() => props.onChoose(folderId))}
        />
      }
    >
      <FolderSelect label="Destination folder" value={folderId} onChange={setFolderId} />
      <ErrorLine error={error} />
    </Modal>
  );
}

/** Imports a Sumo export (a `.json` file of one sync definition) into the folder. */
export function ImportDialog(props: { folderId: string; onClose: () => void; onDone: () => void }) {
  const [file, setFile] = useState<File | undefined>();
  const [overwrite, setOverwrite] = useState(false);
  const { error, busy, run } = useAction(props.onDone);
  const submit = () =>
    run(async () => {
      if (!file) throw new Error('File: choose a .json file exported from Sumo Logic or from this library');
      if (file.size > CONTENT_LIMITS.maxImportBytes)
        throw new Error(`File: must be at most ${CONTENT_LIMITS.maxImportBytes / 1024 / 1024} MiB`);
      let definition: unknown;
      try {
        definition = JSON.parse(await file.text());
      } catch {
        throw new Error('File: is not JSON');
      }
      await importContent(props.folderId, definition, overwrite);
    });
  return (
    <Modal
      title="Import"
      onClose={props.onClose}
      footer={<ModalActions onCancel={props.onClose} actionLabel="Import" busy={busy} onAction={submit} />}
    >
      <label className="field">
        <span>File</span>
        <input name="importFile" type="file" accept=".json,application/json" onChange={(e) => setFile(e.target.files?.[0])} />
      </label>
      <label className="checkbox">
        <input name="overwrite" type="checkbox" checked={overwrite} onChange={(e) => setOverwrite(e.target.checked)} />
        Replace an item of the same name
      </label>
      <ErrorLine error={error} />
    </Modal>
  );
}

/** Saves the Search page's query and time range as a saved search in a library folder. */
export function SaveSearchDialog(props: { queryText: string; from: string; onClose: () => void; onDone: () => void }) {
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [folderId, setFolderId] = useState('');
  const { error, busy, run } = useAction(props.onDone);
  const submit = () =>
    run(async () => {
      if (name.trim() === '') throw new Error('Name: is required');
      await importContent(
        folderId,
        savedSearchDefinition(name.trim(), description.trim(), { queryText: props.queryText, defaultTimeRange: props.from }),
      );
    });
  return (
    <Modal
      title="Save search"
      onClose={props.onClose}
      footer={<ModalActions onCancel={props.onClose} actionLabel="Save" busy={busy || !folderId} onAction={submit} />}
    >
      <label className="field">
        <span>Name</span>
        <input name="searchName" value={name} maxLength={CONTENT_LIMITS.maxName} onChange={(e) => setName(e.target.value)} />
      </label>
      <label className="field">
        <span>Description</span>
        <input
          name="searchDescription"
          value={description}
          maxLength={CONTENT_LIMITS.maxDescription}
          onChange={(e) => setDescription(e.target.value)}
        />
      </label>
      <FolderSelect label="Folder" value={folderId} onChange={setFolderId} />
      <ErrorLine error={error} />
    </Modal>
  );
}
