import type { DataType, Message } from '../../model/message.js';
import { DEFAULT_PARTITION, type PartitionRecord } from '../../model/partition.js';
import type { SourceConfig } from '../../model/source-config.js';
import type { AppendBatch } from '../repositories.js';

/** Test data builders for stores: a valid value with defaults, overridden where a test cares. */

export function makeSourceConfig(overrides: Partial<SourceConfig> = {}): SourceConfig {
  return {
    name: 'Mimecast',
    description: 'Mimecast',
    category: 'Mimecast',
    fields: { _siemForward: true },
    clientID: 'client-id',
    clientSecret: 'client-secret',
    dataCollection: ['siem', 'dlp'],
    filters: [],
    hashAlgorithm: 'MD5',
    region: 'global',
    startTime: '-24h',
    pollingIntervalSec: 300,
    ...overrides,
  };
}

export function makeMessage(sourceId: string, dedupeKey: string, overrides: Partial<Message> = {}): Message {
  const raw = JSON.stringify({ id: dedupeKey, type: 'receipt' });
  return {
    raw,
    messageTime: 1_763_640_000_000,
    receiptTime: 1_763_640_001_000,
    dedupeKey,
    sourceId,
    source: 'Mimecast',
    sourceCategory: 'Mimecast',
    collector: 'Hosted collector',
    sourceName: 'siem',
    sourceHost: 'api.services.mimecast.com',
    index: 'main',
    fields: {},
    ...overrides,
  };
}

export function makeBatch(sourceId: string, dataType: DataType, messages: Message[], checkpoint: AppendBatch['checkpoint']): AppendBatch {
  return { sourceId, dataType, messages, checkpoint };
}

/** A partition routing `_sourceCategory=NAME*` (the default partition: the rest), kept `retentionPeriod` days. */
export function makePartition(
  id: string,
  name: string,
  retentionPeriod: number,
  overrides: Partial<PartitionRecord> = {},
): PartitionRecord {
  return {
    id,
    name,
    routingExpression: name === DEFAULT_PARTITION ? '' : `_sourceCategory=${name}*`,
    routing: name === DEFAULT_PARTITION ? null : { op: 'eq', field: '_sourcecategory', pattern: `${name}*` },
    retentionPeriod,
    newRetentionPeriod: null,
    retentionEffectiveAt: null,
    analyticsTier: 'continuous',
    isCompliant: false,
    isIncludedInDefaultSearch: true,
    createdAt: 1,
    createdBy: 'test',
    modifiedAt: 1,
    modifiedBy: 'test',
    ...overrides,
  };
}
