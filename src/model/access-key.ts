/** An access key for the API (HTTP Basic, as Sumo Logic's): the secret itself is never kept, only a salted hash. */
export interface AccessKeyRecord {
  accessId: string;
  /** Sumo's `label`. */
  name: string;
  createdAt: number;
  /** The access id that created the key, or `cli` / `demo` for keys made by those commands. */
  createdBy: string;
  modifiedAt: number;
  lastUsedAt: number | null;
  /** A disabled key authenticates nothing until it is enabled again. */
  disabled: boolean;
  /** Sumo's allowlist of origins for the key (kept and shown; see docs/api.md). */
  corsHeaders: string[];
}
