import { useCallback, useEffect, useState } from 'react';
import type { ContentChild, FolderView } from '../../model/library.js';
import { errorText } from '../api.js';
import { DestinationDialog, ImportDialog, RenameDialog } from '../components/ContentDialogs.js';
import { ContentItemRow, type ItemAction } from '../components/ContentItemRow.js';
import { Confirm } from '../components/Modal.js';
import { NewFolderDialog } from '../components/NewFolderDialog.js';
import { NewLookupTableDialog } from '../components/NewLookupTableDialog.js';
import { PageError } from '../components/PageError.js';
import { ancestorsOf, copyContent, deleteContent, downloadJson, exportContent, getFolder, moveContent, renameContent } from '../content.js';
import { href, navigate } from '../router.js';

type Dialog = { kind: 'newFolder' } | { kind: 'import' } | { kind: Exclude<ItemAction, 'export'>; item: ContentChild };

/** The library: a folder (the personal one by default) with breadcrumbs, its items and what can be done to them. */
export function LibraryPage({ folderId }: { folderId?: string }) {
  const [folder, setFolder] = useState<FolderView | undefined>();
  const [crumbs, setCrumbs] = useState<{ id: string; name: string }[]>([]);
  const [error, setError] = useState<string | undefined>();
  const [actionError, setActionError] = useState<string | undefined>();
  const [dialog, setDialog] = useState<Dialog | undefined>();
  const [creatingTable, setCreatingTable] = useState(false);

  const load = useCallback(() => {
    setError(undefined);
    getFolder(folderId)
      // The folder and its breadcrumbs change together: a page never shows one folder under another's path.
      .then(async (f) => {
        const chain = await ancestorsOf(f);
        setFolder(f);
        setCrumbs(chain);
      })
      .catch((e) => setError(errorText(e)));
  }, [folderId]);
  useEffect(load, [load]);

  const done = () => {
    setDialog(undefined);
    load();
  };
  const exportItem = (item: { id: string; name: string }) => {
    setActionError(undefined);
    exportContent(item.id)
      .then((definition) => downloadJson(item.name, definition))
      .catch((e) => setActionError(errorText(e)));
  };
  const onAction = (action: ItemAction, item: ContentChild) => (action === 'export' ? exportItem(item) : setDialog({ kind: action, item }));

  if (error) return <PageError message={error} />;
  if (!folder) return <div className="page-loading">Loading…</div>;
  return (
    <div>
      <div className="page-header">
        <div>
          <nav aria-label="Breadcrumbs" className="breadcrumbs">
            {crumbs.map((c, i) => (
              <span key={c.id}>
                {i > 0 ? ' / ' : null}
                {i < crumbs.length - 1 ? <a href={href(`/library/${c.id}`)}>{c.name}</a> : <span aria-current="page">{c.name}</span>}
              </span>
            ))}
          </nav>
          <h1>{folder.name}</h1>
          {folder.description ? <p className="muted">{folder.description}</p> : null}
        </div>
        <div className="toolbar">
          <button type="button" onClick={() => setDialog({ kind: 'newFolder' })}>
            New Folder
          </button>
          <button type="button" onClick={() => setDialog({ kind: 'import' })}>
            Import
          </button>
          <button type="button" onClick={() => exportItem(folder)}>
            Export folder
          </button>
          <a className="button" href={href('/dashboards/new', { folderId: folder.id })}>
            New Dashboard
          </a>
          <button type="button" onClick={() => setCreatingTable(true)}>
            New Lookup Table
          </button>
          <a className="button primary" href={href('/apps')}>
            Install an app
          </a>
        </div>
      </div>
      {actionError ? <PageError message={actionError} /> : null}
      {folder.children.length === 0 ? (
        <p className="empty">This folder is empty. Install the Mimecast app from the App Catalog to get its dashboards.</p>
      ) : (
        <ul className="content-list">
          {folder.children.map((c) => (
            <ContentItemRow key={c.id} item={c} onAction={onAction} />
          ))}
        </ul>
      )}
      <LibraryDialog dialog={dialog} folder={folder} onClose={() => setDialog(undefined)} onDone={done} />
      {creatingTable ? (
        <NewLookupTableDialog
          parentId={folder.id}
          onClose={() => setCreatingTable(false)}
          onCreated={(table) => navigate(`/lookups/${table.id}`)}
        />
      ) : null}
    </div>
  );
}

function LibraryDialog(props: { dialog: Dialog | undefined; folder: FolderView; onClose: () => void; onDone: () => void }) {
  const { dialog, folder, onClose, onDone } = props;
  const [error, setError] = useState<string | undefined>();
  if (!dialog) return null;
  switch (dialog.kind) {
    case 'newFolder':
      return <NewFolderDialog parentId={folder.id} onClose={onClose} onCreated={onDone} />;
    case 'import':
      return <ImportDialog folderId={folder.id} onClose={onClose} onDone={onDone} />;
    case 'rename':
      return (
        <RenameDialog name={dialog.item.name} onClose={onClose} onRename={(name) => renameContent(dialog.item.id, name)} onDone={onDone} />
      );
    case 'move':
      return (
        <DestinationDialog
          title={`Move ${dialog.item.name}`}
          actionLabel="Move"
          onClose={onClose}
          onChoose={(to) => moveContent(dialog.item.id, to)}
          onDone={onDone}
        />
      );
    case 'copy':
      return (
        <DestinationDialog
          title={`Copy ${dialog.item.name}`}
          actionLabel="Copy"
          onClose={onClose}
          onChoose={(to) => copyContent(dialog.item.id, to)}
          onDone={onDone}
        />
      );
    case 'delete':
      return (
        <>
          <Confirm
            title={`Delete ${dialog.item.name}`}
            message={
              dialog.item.itemType === 'Folder'
                ? `Delete the folder "${dialog.item.name}" and everything in it? This cannot be undone.`
                : `Delete "${dialog.item.name}"? This cannot be undone.`
            }
            confirmLabel="Delete"
            onCancel={onClose}
            onConfirm={() =>
              deleteContent(dialog.item.id)
                .then(onDone)
                .catch((e) => setError(errorText(e)))
            }
          />
          {error ? <PageError message={error} /> : null}
        </>
      );
  }
}
