import { ContentManager } from '../content/content-manager.js';
import type { Clock } from '../core/clock.js';
import type { ContentItem } from '../model/library.js';
import { validate } from '../model/validate.js';
import type { Store } from '../store/store.js';
import { ContentRenameBody } from './schemas.js';

export type ContentService = ReturnType<typeof createContentService>;

const summary = (item: ContentItem) => ({
  id: item.id,
  name: item.name,
  itemType: item.itemType,
  description: item.description,
  parentId: item.parentId,
});

/** Sumo's Content Management API: import, export, paths, copy, move, delete and rename (docs/api.md "Content"). */
export function createContentService(deps: { store: Store; clock: Clock }) {
  const content = new ContentManager(deps.store, () => deps.clock.now());
  return {
    startImport: (folderId: string, body: unknown, overwrite: boolean) => content.startImport(folderId, body, overwrite),
    importStatus: (folderId: string, jobId: string) => content.jobs.status('import', folderId, jobId),
    startExport: (id: string) => content.startExport(id),
    exportStatus: (id: string, jobId: string) => content.jobs.status('export', id, jobId),
    exportResult: (id: string, jobId: string) => content.jobs.result(id, jobId),
    pathOf: (id: string) => content.pathOf(id),
    byPath: (path: string) => content.byPath(path),
    startCopy: (id: string, destinationFolder: string) => content.startCopy(id, destinationFolder),
    copyStatus: (id: string, jobId: string) => content.jobs.status('copy', id, jobId),
    move: (id: string, destinationFolderId: string) => content.move(id, destinationFolderId),
    startDelete: (id: string) => content.startDelete(id),
    deleteStatus: (id: string, jobId: string) => content.jobs.status('delete', id, jobId),
    async rename(id: string, body: unknown) {
      return summary(await content.rename(id, validate<ContentRenameBody>(ContentRenameBody, body)));
    },
  };
}
