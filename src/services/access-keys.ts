import { NotFoundError, ValidationError } from '../core/errors.js';
import type { AccessKeyRecord } from '../model/access-key.js';
import { validate } from '../model/validate.js';
import type { Store } from '../store/store.js';
import { AccessKeyCreateBody, AccessKeyUpdateBody } from './schemas.js';

/**
 * Access keys in the shape of Sumo Logic's Access Keys Management API (`AccessKeyPublic`; `AccessKey` adds
 * `key`, shown once). The API, the CLI and the control socket all call these.
 */
export interface AccessKeyJson {
  id: string;
  label: string;
  corsHeaders: string[];
  disabled: boolean;
  createdAt: string;
  createdBy: string;
  modifiedAt: string;
  lastUsed?: string;
}

export function accessKeyJson(key: AccessKeyRecord): AccessKeyJson {
  return {
    id: key.accessId,
    label: key.name,
    corsHeaders: key.corsHeaders,
    disabled: key.disabled,
    createdAt: new Date(key.createdAt).toISOString(),
    createdBy: key.createdBy,
    modifiedAt: new Date(key.modifiedAt).toISOString(),
    ...(key.lastUsedAt === null ? {} : { lastUsed: new Date(key.lastUsedAt).toISOString() }),
  };
}

export const DEFAULT_KEYS_PAGE = 100;
export const MAX_KEYS_PAGE = 1000;

/** `GET /v1/accessKeys?limit=&token=`: `token` is the opaque `next` of the previous page. */
async function listAccessKeyPage(
  store: Store,
  query: { limit?: unknown; token?: unknown },
): Promise<{ data: AccessKeyJson[]; next: string | null }> {
  const limit = query.limit === undefined ? DEFAULT_KEYS_PAGE : Number(query.limit);
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_KEYS_PAGE) {
    throw new ValidationError('limit', `must be an integer from 1 to ${MAX_KEYS_PAGE}`);
  }
  const token = query.token === undefined ? '' : String(query.token);
  if (token !== '' && !/^\d{1,9}$/.test(token)) throw new ValidationError('token', 'is not a continuation token this API returned');
  const offset = token === '' ? 0 : Number(token);
  const keys = await store.accessKeys.list();
  const page = keys.slice(offset, offset + limit);
  return { data: page.map(accessKeyJson), next: offset + limit < keys.length ? String(offset + limit) : null };
}

async function createAccessKey(store: Store, body: unknown, createdBy: string): Promise<AccessKeyJson & { key: string }> {
  const { label, corsHeaders } = validate<AccessKeyCreateBody>(AccessKeyCreateBody, body);
  if (label.trim() === '') throw new ValidationError('label', 'must not be blank');
  const { accessKey, record } = await store.accessKeys.create(label.trim(), { createdBy, corsHeaders });
  return { ...accessKeyJson(record), key: accessKey };
}

/** The API never disables the last enabled key: nobody could sign in to undo it (the CLI still can). */
const API_GUARD = { keepOneEnabled: true };

async function updateAccessKey(store: Store, accessId: string, body: unknown): Promise<AccessKeyJson> {
  const change = validate<AccessKeyUpdateBody>(AccessKeyUpdateBody, body);
  return accessKeyJson(await store.accessKeys.update(accessId, change, API_GUARD));
}

async function deleteAccessKey(store: Store, accessId: string): Promise<void> {
  if (!(await store.accessKeys.delete(accessId, API_GUARD))) throw new NotFoundError(`access key ${accessId}`);
}

export type AccessKeysService = ReturnType<typeof createAccessKeysService>;

/** The API's side of access keys (the CLI's is cli/key-commands.ts: it may disable the last key). */
export function createAccessKeysService(deps: { store: Store }) {
  const { store } = deps;
  return {
    listPage: (query: { limit?: unknown; token?: unknown }) => listAccessKeyPage(store, query),
    create: (body: unknown, createdBy: string) => createAccessKey(store, body, createdBy),
    update: (accessId: string, body: unknown) => updateAccessKey(store, accessId, body),
    delete: (accessId: string) => deleteAccessKey(store, accessId),
    /** The key's label; undefined for an id the store does not know. */
    async labelOf(accessId: string): Promise<string | undefined> {
      return (await store.accessKeys.get(accessId))?.name;
    },
  };
}
