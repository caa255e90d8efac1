import type { AuditLog } from '../api/audit.js';
import { type AccessKeyJson, accessKeyJson } from '../services/access-keys.js';
import type { Store } from '../store/store.js';

/** What `access-keys` does, whether on the store itself or through a running server's control socket. */
export interface KeyCommands {
  create(label: string): Promise<AccessKeyJson & { key: string }>;
  list(): Promise<AccessKeyJson[]>;
  /** Disables the key; false when there is none. The CLI may disable the last enabled key: its user can make another. */
  revoke(accessId: string): Promise<boolean>;
}

export const CLI_ACTOR = 'cli';

/**
 * The commands on an open store. Each change is audited as the `cli` actor; `forget` tells the server's
 * authenticator (when one runs in this process) so a revoked key stops at once.
 */
export function storeKeyCommands(store: Store, options: { audit: AuditLog; forget?: (accessId: string) => void }): KeyCommands {
  const audit = (route: string, resourceId: string | null, status: number) =>
    options.audit.record({ accessId: CLI_ACTOR, method: 'POST', route, resourceId, status, via: 'CLI' });
  return {
    async create(label) {
      const { accessKey, record } = await store.accessKeys.create(label, { createdBy: CLI_ACTOR });
      audit('access-keys create', record.accessId, 200);
      return { ...accessKeyJson(record), key: accessKey };
    },
    async list() {
      return (await store.accessKeys.list()).map(accessKeyJson);
    },
    async revoke(accessId) {
      if (!(await store.accessKeys.get(accessId))) {
        audit('access-keys revoke', accessId, 404);
        return false;
      }
      await store.accessKeys.update(accessId, { disabled: true });
      options.forget?.(accessId);
      audit('access-keys revoke', accessId, 200);
      return true;
    },
  };
}
