import type { Clock } from '../core/clock.js';
import { AppError, NotFoundError, ValidationError } from '../core/errors.js';
import {
  LOOKUP_LIMITS,
  type LookupRow,
  type LookupTable,
  LookupTableSyncDefinition,
  LookupUpdateDefinition,
  readLookupCsv,
  rowKey,
} from '../model/lookup-table.js';
import { validate } from '../model/validate.js';
import { newId } from '../store/rules.js';
import type { Store } from '../store/store.js';

export type LookupTablesService = ReturnType<typeof createLookupTablesService>;

/** A finished upload or truncate, as `GET /v1/lookupTables/jobs/{id}/status` reports it. */
interface LookupJob {
  jobId: string;
  status: 'Success';
  statusMessages: string[];
  errors: string[];
  warnings: string[];
  contentId: string;
  contentName: string;
  contentPath: string;
  requestType: 'UploadLookupTable' | 'TruncateLookupTable';
  userId: string;
  createdAt: string;
}

const MAX_JOBS_KEPT = 1_000;
const MAX_ROWS_SHOWN = 1_000;

/**
 * Lookup tables in the shape of Sumo Logic's Lookup Tables API. Uploads are checked whole before anything is
 * written, and written in one transaction, so their jobs are done when they are answered; a bad CSV is a 400
 * naming its row and column rather than a failed job.
 */
export function createLookupTablesService(deps: { store: Store; clock: Clock }) {
  const { store, clock } = deps;
  const jobs = new Map<string, LookupJob>();
  const iso = () => new Date(clock.now()).toISOString();

  async function table(id: string): Promise<LookupTable> {
    const found = await store.lookupTables.get(id);
    if (!found) throw new NotFoundError(`lookup table ${id}`);
    return found;
  }

  /** `/Library/Users/<user>/<folders>/<name>`: the folders from the user's personal folder down. */
  async function contentPath(parentFolderId: string, name: string, user: string): Promise<string> {
    const names: string[] = [];
    let id: string | null = parentFolderId;
    for (let depth = 0; id !== null && depth < 100; depth++) {
      const folder = await store.library.get(id);
      if (folder?.itemType !== 'Folder')
        throw new ValidationError('parentFolderId', depth === 0 ? 'is not a folder' : 'is in a broken folder tree');
      if (folder.parentId !== null) names.unshift(folder.name);
      id = folder.parentId;
    }
    return ['/Library/Users', user, ...names, name].join('/');
  }

  function record(table: LookupTable, requestType: LookupJob['requestType'], user: string, message: string): { id: string } {
    const job: LookupJob = {
      jobId: newId(),
      status: 'Success',
      statusMessages: [message],
      errors: [],
      warnings: [],
      contentId: table.id,
      contentName: table.name,
      contentPath: table.contentPath,
      requestType,
      userId: user,
      createdAt: iso(),
    };
    if (jobs.size >= MAX_JOBS_KEPT) jobs.delete(jobs.keys().next().value as string);
    jobs.set(job.jobId, job);
    return { id: job.jobId };
  }

  /** `{row: [{columnName, columnValue}]}`: Sumo's body of a row insert, update or delete. */
  function rowBody(t: LookupTable, body: unknown, keysOnly: boolean): LookupRow {
    const cells = (body as { row?: unknown })?.row;
    if (!Array.isArray(cells)) throw new ValidationError('row', 'is required: a list of {columnName, columnValue}');
    const values: Record<string, string> = {};
    cells.forEach((cell, n) => {
      const { columnName, columnValue } = (cell ?? {}) as { columnName?: unknown; columnValue?: unknown };
      const field = t.fields.find((f) => typeof columnName === 'string' && f.fieldName.toLowerCase() === columnName.toLowerCase());
      if (!field) throw new ValidationError(`row[${n}].columnName`, 'is not a field of the table');
      if (typeof columnValue !== 'string') throw new ValidationError(`row[${n}].columnValue`, 'must be a string');
      values[field.fieldName] = columnValue;
    });
    const needed = keysOnly ? t.primaryKeys : t.fields.map((f) => f.fieldName);
    const missing = needed.find((name) => values[name] === undefined);
    if (missing) throw new ValidationError('row', `has no value for ${missing}`);
    return { key: rowKey(t, values), values };
  }

  return {
    async create(body: unknown, user: string): Promise<LookupTable> {
      const def = validate<LookupTableSyncDefinition>(LookupTableSyncDefinition, body);
      const names = def.fields.map((f) => f.fieldName.toLowerCase());
      const twice = names.findIndex((n, i) => names.indexOf(n) !== i);
      if (twice >= 0) throw new ValidationError(`fields[${twice}].fieldName`, 'names a field twice');
      def.primaryKeys.forEach((k, i) => {
        if (!names.includes(k.toLowerCase())) throw new ValidationError(`primaryKeys[${i}]`, 'is not one of the fields');
      });
      const path = await contentPath(def.parentFolderId, def.name, user);
      if (await store.lookupTables.getByPath(path))
        throw new AppError('DuplicateResourceName', 'A resource with the same name already exists.');
      const now = iso();
      const created: LookupTable = {
        name: def.name,
        description: def.description ?? '',
        fields: def.fields,
        // Keys are spelled as their field is, so row keys and lookups read one name.
        primaryKeys: def.primaryKeys.map((k) => def.fields.find((f) => f.fieldName.toLowerCase() === k.toLowerCase())?.fieldName ?? k),
        ttl: def.ttl ?? 0,
        sizeLimitAction: def.sizeLimitAction ?? 'StopIncomingMessages',
        parentFolderId: def.parentFolderId,
        id: newId(),
        contentPath: path,
        createdAt: now,
        createdBy: user,
        modifiedAt: now,
        modifiedBy: user,
      };
      await store.lookupTables.put(created);
      // Its entry in the folder, so the library lists it beside folders and dashboards.
      await store.library.put({
        id: created.id,
        parentId: created.parentFolderId,
        itemType: 'Lookups',
        name: created.name,
        description: created.description,
        body: {},
        createdAt: clock.now(),
      });
      return created;
    },
    get: table,
    async update(id: string, body: unknown, user: string): Promise<LookupTable> {
      const t = await table(id);
      const change = validate<LookupUpdateDefinition>(LookupUpdateDefinition, body);
      const updated: LookupTable = { ...t, ...change, modifiedAt: iso(), modifiedBy: user };
      await store.lookupTables.put(updated);
      const entry = await store.library.get(id);
      if (entry) await store.library.put({ ...entry, description: updated.description });
      return updated;
    },
    async delete(id: string): Promise<void> {
      if (!(await store.lookupTables.delete(id))) throw new NotFoundError(`lookup table ${id}`);
      await store.library.delete([id]);
    },
    /** Rows from CSV text: merged by primary key with `merge`, else replacing every row. */
    async upload(id: string, csv: string, merge: boolean, user: string): Promise<{ id: string }> {
      const t = await table(id);
      if (Buffer.byteLength(csv) > LOOKUP_LIMITS.maxUploadBytes)
        throw new ValidationError('file', `is larger than ${LOOKUP_LIMITS.maxUploadBytes} bytes`);
      const read = readLookupCsv(t, csv);
      if (!('rows' in read))
        throw new ValidationError('file', `row ${read.row}${read.column === null ? '' : `, column ${read.column}`}: ${read.reason}`);
      const total = await store.lookupTables.writeRows(id, read.rows, !merge);
      return record(t, 'UploadLookupTable', user, `${read.rows.length} rows ${merge ? 'merged' : 'uploaded'}; the table has ${total}`);
    },
    async truncate(id: string, user: string): Promise<{ id: string }> {
      const t = await table(id);
      await store.lookupTables.writeRows(id, [], true);
      return record(t, 'TruncateLookupTable', user, 'every row deleted');
    },
    async putRow(id: string, body: unknown): Promise<void> {
      const t = await table(id);
      await store.lookupTables.writeRows(id, [rowBody(t, body, false)], false);
    },
    async deleteRow(id: string, body: unknown): Promise<void> {
      const t = await table(id);
      await store.lookupTables.deleteRow(id, rowBody(t, body, true).key);
    },
    /** The first rows in key order, for the UI (not part of Sumo's API, which shows rows through `cat`). */
    async rows(id: string, limit = 100): Promise<{ rows: Record<string, string>[]; total: number }> {
      await table(id);
      const rows = await store.lookupTables.rows(id, Math.min(Math.max(1, limit), MAX_ROWS_SHOWN));
      return { rows: rows.map((r) => r.values), total: await store.lookupTables.count(id) };
    },
    jobStatus(jobId: string): LookupJob {
      const job = jobs.get(jobId);
      if (!job) throw new NotFoundError(`lookup job ${jobId}`);
      return job;
    },
  };
}
