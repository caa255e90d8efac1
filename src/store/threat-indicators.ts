import { csType, type ThreatIndicator, threatLevel } from '../model/threat-indicator.js';

/**
 * The threat_indicators table, shared by both stores and the query compiler's tests: its DDL, and the row
 * of one indicator in column order. `match_key` (the lower-cased value) is what lookups join on; `cs_type`
 * and `threat_level` are the CrowdStrike-shaped names derived once here, not in every query.
 */
export const THREAT_INDICATOR_COLUMNS = [
  'source',
  'id',
  'indicator',
  'match_key',
  'type',
  'cs_type',
  'actors',
  'confidence',
  'threat_level',
  'threat_type',
  'kill_chain',
  'valid_from',
  'valid_until',
  'imported',
  'updated',
  'fields',
  'raw',
] as const;

export function threatIndicatorsDdl(dialect: 'duckdb' | 'postgres'): string[] {
  const text = dialect === 'duckdb' ? 'VARCHAR' : 'TEXT';
  const table = `CREATE TABLE IF NOT EXISTS threat_indicators (
    source ${text} NOT NULL, id ${text} NOT NULL, indicator ${text} NOT NULL, match_key ${text} NOT NULL, type ${text} NOT NULL,
    cs_type ${text} NOT NULL, actors ${text}, confidence INTEGER, threat_level ${text} NOT NULL, threat_type ${text},
    kill_chain ${text}, valid_from BIGINT, valid_until BIGINT, imported BIGINT NOT NULL, updated BIGINT NOT NULL,
    fields ${text}, raw ${text} NOT NULL, PRIMARY KEY (source, id))`;
  // DuckDB joins by hashing; an ART index there would also make its upserts refuse index updates.
  return dialect === 'duckdb' ? [table] : [table, 'CREATE INDEX IF NOT EXISTS threat_indicators_match ON threat_indicators (match_key)'];
}

/** The values of one indicator in THREAT_INDICATOR_COLUMNS order; `imported` is kept on a replace by the stores. */
export function threatIndicatorRow(i: ThreatIndicator, now: number): unknown[] {
  return [
    i.source,
    i.id,
    i.indicator,
    i.indicator.toLowerCase(),
    i.type,
    csType(i.type),
    i.actors,
    i.confidence,
    threatLevel(i.confidence),
    i.threatType,
    i.killChain,
    i.validFrom,
    i.validUntil,
    now,
    now,
    null,
    i.raw,
  ];
}

const UPSERT_BATCH = 500;

/**
 * The statements that insert or replace `indicators` by (source, id), in batches. A later duplicate in the
 * input wins, and is dropped from the statement first: both databases refuse to update one row twice.
 */
export function threatIndicatorUpserts(
  dialect: 'duckdb' | 'postgres',
  indicators: readonly ThreatIndicator[],
  now: number,
): { sql: string; params: unknown[] }[] {
  const unique = [...new Map(indicators.map((i) => [`${i.source}\u0000${i.id}`, i])).values()];
  const columns = THREAT_INDICATOR_COLUMNS.join(', ');
  const updates = THREAT_INDICATOR_COLUMNS.filter((c) => c !== 'source' && c !== 'id' && c !== 'imported')
    .map((c) => `${c} = excluded.${c}`)
    .join(', ');
  const statements: { sql: string; params: unknown[] }[] = [];
  for (let start = 0; start < unique.length; start += UPSERT_BATCH) {
    const params: unknown[] = [];
    const rows = unique.slice(start, start + UPSERT_BATCH).map((i) => {
      const values = threatIndicatorRow(i, now).map((v) => {
        params.push(v);
        return dialect === 'duckdb' ? '?' : `$${params.length}`;
      });
      return `(${values.join(', ')})`;
    });
    statements.push({
      sql: `INSERT INTO threat_indicators (${columns}) VALUES ${rows.join(', ')} ON CONFLICT (source, id) DO UPDATE SET ${updates}`,
      params,
    });
  }
  return statements;
}
