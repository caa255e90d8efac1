import type { DataType } from './message.js';

/** A Mimecast source's config as the API takes it (see spec/api.md). `clientSecret` is plaintext here: the store encrypts it at rest. */
export interface SourceConfig {
  name: string;
  description: string;
  category: string;
  fields: Record<string, string | boolean>;
  clientID: string;
  clientSecret: string;
  dataCollection: DataType[];
  filters: ProcessingRule[];
  hashAlgorithm: 'MD5' | 'SHA-256';
  region: 'global' | 'us' | 'uk';
  startTime: string;
  pollingIntervalSec: number;
}

export interface ProcessingRule {
  name: string;
  filterType: 'Include' | 'Exclude' | 'Mask' | 'Hash';
  regexp: string;
  mask?: string;
}
