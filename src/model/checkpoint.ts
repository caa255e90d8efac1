/** A data type's resume position: versioned JSON, opaque to the store. */
export interface Checkpoint {
  v: number;
  [key: string]: unknown;
}
