/**
 * A threat-intelligence indicator as the store keeps it: the rows `lookup … from sumo://threat/cs`,
 * `threatip` and `threatlookup` match (docs/query-language.md, "Threat intelligence"). Filled by
 * `mimecast-c2c import-indicators` and by the Mimecast threat-intel feed (`store.threatIndicators.upsert`).
 */
export interface ThreatIndicator {
  /** Where it came from (`mimecast`, a file name, a feed); with `id` the indicator's identity. */
  source: string;
  id: string;
  /** The value matched against a field, case-insensitively: an IP address, domain, URL, e-mail address or hash. */
  indicator: string;
  type: IndicatorType;
  /** Comma-separated actor names, or null. */
  actors: string | null;
  /** 0–100, or null when the source gives none. */
  confidence: number | null;
  threatType: string | null;
  killChain: string | null;
  /** Epoch milliseconds; an indicator past its `validUntil` no longer matches. */
  validFrom: number | null;
  validUntil: number | null;
  /** The source's own record (a STIX object, a CSV row as JSON): `raw` in a lookup. */
  raw: string;
}

/** Sumo's normalized indicator types (its threatlookup `type`: STIX object type and property). */
export const INDICATOR_TYPES = [
  'ipv4-addr:value',
  'ipv6-addr:value',
  'domain-name:value',
  'url:value',
  'email-addr:value',
  "file:hashes.'MD5'",
  "file:hashes.'SHA-1'",
  "file:hashes.'SHA-256'",
] as const;
export type IndicatorType = (typeof INDICATOR_TYPES)[number];

/** The type names of Sumo's CrowdStrike table (`lookup type from sumo://threat/cs`). */
const CS_TYPES: Record<IndicatorType, string> = {
  'ipv4-addr:value': 'IP_ADDRESS',
  'ipv6-addr:value': 'IP_ADDRESS',
  'domain-name:value': 'DOMAIN',
  'url:value': 'URL',
  'email-addr:value': 'EMAIL_ADDRESS',
  "file:hashes.'MD5'": 'HASH_MD5',
  "file:hashes.'SHA-1'": 'HASH_SHA1',
  "file:hashes.'SHA-256'": 'HASH_SHA256',
};

export function csType(type: IndicatorType): string {
  return CS_TYPES[type];
}

/**
 * The CrowdStrike `threatlevel` (malicious confidence) of a 0–100 confidence, with the thresholds of Sumo's
 * own Threat Intel Quick Analysis queries: high ≥ 85, medium ≥ 50, low ≥ 15, else unverified.
 */
export function threatLevel(confidence: number | null): string {
  if (confidence === null) return 'unverified';
  return confidence >= 85 ? 'high' : confidence >= 50 ? 'medium' : confidence >= 15 ? 'low' : 'unverified';
}

/** Limits of one indicator (checked by the importers). */
export const INDICATOR_LIMITS = { maxValueLength: 2048, maxRawBytes: 64 * 1024 } as const;
