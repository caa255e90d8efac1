import { useCallback, useEffect, useState } from 'react';
import type { ContentChild, FolderView } from '../../model/library.js';
import { api, errorText } from '../api.js';
import { NewFolderDialog } from '../components/NewFolderDialog.js';
import { NewLookupTableDialog } from '../components/NewLookupTableDialog.js';
import { href, navigate } from '../router.js';

const ITEM_PAGES: Record<ContentChild['itemType'], string> = { Folder: 'library', Dashboard: 'dashboards', Lookups: 'lookups' };
const ITEM_ICONS: Record<ContentChild['itemType'], string> = { Folder: '📁', Dashboard: '📊', Lookups: '🗂' };

/** The library: the personal folder (or any folder) with its folders and dashboards. */
export function LibraryPage({ folderId }: { folderId?: string }) {
  const [folder, setFolder] = useState<FolderView | undefined>();
  const [error, setError] = useState<string | undefined>();
  const [creating, setCreating] = useState(false);
  const [creatingTable, setCreatingTable] = useState(false);

  const load = useCallback(() => {
    setError(undefined);
    const path = folderId ? `/api/v2/content/folders/${encodeURIComponent(folderId)}` : '/api/v2/content/folders/personal';
    api<FolderView>(path)
      .then(setFolder)
      .catch((e) => setError(errorText(e)));
  }, [folderId]);
  useEffect(load, [load]);

  if (error)
    return (
      <div className="page-error" role="alert">
        {error}
      </div>
    );
  if (!folder) return <div className="page-loading">Loading…</div>;
  return (
    <div>
      <div className="page-header">
        <div>
          {folder.parentId ? (
            <a className="breadcrumb" href={href(`/library/${folder.parentId}`)}>
              ← Up
            </a>
          ) : null}
          <h1>{folder.name}</h1>
          {folder.description ? <p className="muted">{folder.description}</p> : null}
        </div>
        <div className="toolbar">
          <button type="button" onClick={() => setCreating(true)}>
            New Folder
          </button>
          <button type="button" onClick={() => setCreatingTable(true)}>
            New Lookup Table
          </button>
          <a className="button primary" href={href('/apps')}>
            Install an app
          </a>
        </div>
      </div>
      {folder.children.length === 0 ? (
        <p className="empty">This folder is empty. Install the Mimecast app from the App Catalog to get its dashboards.</p>
      ) : (
        <ul className="content-list">
          {folder.children.map((c) => (
            <li key={c.id}>
              <a href={href(`/${ITEM_PAGES[c.itemType]}/${c.id}`)}>
                <span className="item-icon" aria-hidden="true">
                  {ITEM_ICONS[c.itemType]}
                </span>
                {c.name}
              </a>
              {c.description ? <span className="muted"> — {c.description}</span> : null}
            </li>
          ))}
        </ul>
      )}
      {creating ? (
        <NewFolderDialog
          parentId={folder.id}
          onClose={() => setCreating(false)}
          onCreated={() => {
            setCreating(false);
            load();
          }}
        />
      ) : null}
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
