import type { ThreatIndicator } from '../../model/threat-indicator.js';
import { DAY } from './messages.js';

const base = { killChain: null, validFrom: DAY - 86_400_000, validUntil: null, threatType: 'malicious-activity' };

/**
 * Threat indicators beside messages.ts: 81.2.69.142 (a sender there) is known to two sources, 175.16.199.1
 * (another sender) only by an entry that expired before the golden cases' time, and one domain.
 */
export const INDICATORS: ThreatIndicator[] = [
  {
    ...base,
    source: 'feed-a',
    id: 'a-1',
    indicator: '81.2.69.142',
    type: 'ipv4-addr:value',
    actors: 'FANCY BEAR',
    confidence: 90,
    raw: '{"id":"a-1"}',
  },
  {
    ...base,
    source: 'feed-b',
    id: 'b-1',
    indicator: '81.2.69.142',
    type: 'ipv4-addr:value',
    actors: 'COZY BEAR',
    confidence: 60,
    raw: '{"id":"b-1"}',
  },
  {
    ...base,
    source: 'feed-b',
    id: 'b-2',
    indicator: '175.16.199.1',
    type: 'ipv4-addr:value',
    actors: null,
    confidence: 70,
    validUntil: DAY,
    raw: '{"id":"b-2"}',
  },
  {
    ...base,
    source: 'feed-a',
    id: 'a-2',
    indicator: 'Evil.Example',
    type: 'domain-name:value',
    actors: null,
    confidence: 20,
    raw: '{"id":"a-2"}',
  },
];
