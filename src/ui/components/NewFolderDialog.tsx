import { useState } from 'react';
import type { FolderView } from '../../model/library.js';
import { api, errorText } from '../api.js';
import { Modal, ModalActions } from './Modal.js';

export function NewFolderDialog(props: { parentId: string; onClose: () => void; onCreated: (folder: FolderView) => void }) {
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);

  const submit = async () => {
    if (name.trim() === '') {
      setError('Name: is required');
      return;
    }
    setBusy(true);
    try {
      const folder = await api<FolderView>('/api/v2/content/folders', {
        method: 'POST',
        body: { name: name.trim(), description: description.trim(), parentId: props.parentId },
      });
      props.onCreated(folder);
    } catch (e) {
      setError(errorText(e));
      setBusy(false);
    }
  };

  return (
    <Modal
      title="New Folder"
      onClose={props.onClose}
      footer={<ModalActions onCancel={props.onClose} actionLabel="Create" onAction={submit} busy={busy} />}
    >
      <label className="field">
        <span>Name</span>
        <input name="folderName" value={name} maxLength={255} onChange={(e) => setName(e.target.value)} />
      </label>
      <label className="field">
        <span>Description</span>
        <input name="folderDescription" value={description} maxLength={1024} onChange={(e) => setDescription(e.target.value)} />
      </label>
      {error ? (
        <p className="field-error" role="alert">
          {error}
        </p>
      ) : null}
    </Modal>
  );
}
