import type { AsyncJobStatus, ContentSyncDefinition, SavedSearch, SavedSearchSyncDefinition } from '../model/content-sync.js';
import type { FolderView } from '../model/library.js';
import { api } from './api.js';

/** The library's content actions over Sumo's Content Management API (docs/api.md "Content"). */

const enc = encodeURIComponent;

/** A job's final status; a Failed job throws its error's message (the field at fault first). */
async function finished(statusPath: string): Promise<AsyncJobStatus> {
  const status = await api<AsyncJobStatus>(statusPath);
  if (status.status === 'Failed') {
    const error = status.error;
    throw new Error(error ? error.message : 'The job failed.');
  }
  return status;
}

export async function exportContent(id: string): Promise<ContentSyncDefinition> {
  const job = await api<{ id: string }>(`/api/v2/content/${enc(id)}/export`, { method: 'POST' });
  await finished(`/api/v2/content/${enc(id)}/export/${enc(job.id)}/status`);
  return api<ContentSyncDefinition>(`/api/v2/content/${enc(id)}/export/${enc(job.id)}/result`);
}

export async function importContent(folderId: string, definition: unknown, overwrite = false): Promise<void> {
  const path = `/api/v2/content/folders/${enc(folderId)}/import`;
  const job = await api<{ id: string }>(`${path}?overwrite=${overwrite}`, { method: 'POST', body: definition });
  await finished(`${path}/${enc(job.id)}/status`);
}

export async function copyContent(id: string, destinationFolder: string): Promise<void> {
  const job = await api<{ id: string }>(`/api/v2/content/${enc(id)}/copy?destinationFolder=${enc(destinationFolder)}`, { method: 'POST' });
  await finished(`/api/v2/content/${enc(id)}/copy/${enc(job.id)}/status`);
}

export function moveContent(id: string, destinationFolderId: string): Promise<void> {
  return api(`/api/v2/content/${enc(id)}/move?destinationFolderId=${enc(destinationFolderId)}`, { method: 'POST' });
}

export async function deleteContent(id: string): Promise<void> {
  const job = await api<{ id: string }>(`/api/v2/content/${enc(id)}/delete`, { method: 'DELETE' });
  await finished(`/api/v2/content/${enc(id)}/delete/${enc(job.id)}/status`);
}

export function renameContent(id: string, name: string): Promise<unknown> {
  return api(`/api/ui/content/${enc(id)}`, { method: 'PUT', body: { name } });
}

export function getFolder(id: string | undefined): Promise<FolderView> {
  return api<FolderView>(id ? `/api/v2/content/folders/${enc(id)}` : '/api/v2/content/folders/personal');
}

/** The folder and those above it, the personal folder first: the breadcrumbs. */
export async function ancestorsOf(folder: FolderView): Promise<{ id: string; name: string }[]> {
  const chain = [{ id: folder.id, name: folder.name }];
  for (let parentId = folder.parentId; parentId && chain.length < 64; ) {
    const parent = await getFolder(parentId);
    chain.unshift({ id: parent.id, name: parent.name });
    parentId = parent.parentId;
  }
  return chain;
}

/** Every folder below the personal folder (and it), with its path, for a destination picker. */
export async function folderChoices(): Promise<{ id: string; path: string }[]> {
  const choices: { id: string; path: string }[] = [];
  const walk = async (folder: FolderView, path: string, depth: number) => {
    choices.push({ id: folder.id, path });
    if (depth > 16) return;
    for (const child of folder.children) {
      if (child.itemType === 'Folder') await walk(await getFolder(child.id), `${path} / ${child.name}`, depth + 1);
    }
  };
  const personal = await getFolder(undefined);
  await walk(personal, personal.name, 0);
  return choices;
}

export function savedSearchDefinition(
  name: string,
  description: string,
  search: Pick<SavedSearch, 'queryText' | 'defaultTimeRange'>,
): SavedSearchSyncDefinition {
  return {
    type: 'SavedSearchWithScheduleSyncDefinition',
    name,
    description,
    search: { ...search, byReceiptTime: false, viewName: '', viewStartTime: '', queryParameters: [], parsingMode: 'Manual' },
    searchSchedule: null,
  };
}

/** Offers a definition as a `.json` file to save, named after the item. */
export function downloadJson(name: string, value: unknown): void {
  const blob = new Blob([`${JSON.stringify(value, null, 2)}\n`], { type: 'application/json' });
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = `${name.replace(/[^\w .()-]+/g, '_').trim() || 'content'}.json`;
  document.body.appendChild(a);
  a.click();
  a.remove();
  URL.revokeObjectURL(url);
}
