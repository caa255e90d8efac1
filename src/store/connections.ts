import type { ConnectionDefinition, ConnectionRecord } from '../model/connection.js';

/** Alert connections; the values of secret headers (model/connection.ts isSecretHeader) are sealed at rest. */
export interface ConnectionsRepository {
  create(definition: ConnectionDefinition, createdBy: string): Promise<ConnectionRecord>;
  /** With every header value in clear: callers mask them for display (services/connections.ts). */
  get(id: string): Promise<ConnectionRecord | undefined>;
  list(): Promise<ConnectionRecord[]>;
  /** `notfound`, `precondition.failed` when `expectedVersion` is given and stale. */
  update(id: string, definition: ConnectionDefinition, modifiedBy: string, expectedVersion?: number): Promise<ConnectionRecord>;
  /** False when there was none; with `expectedVersion`, `precondition.failed` when it has changed (checked as it deletes). */
  delete(id: string, expectedVersion?: number): Promise<boolean>;
}
