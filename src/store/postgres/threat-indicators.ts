import type { ThreatIndicatorsRepository } from '../repositories.js';
import { threatIndicatorUpserts } from '../threat-indicators.js';
import type { PostgresContext } from './context.js';

export function createThreatIndicators({ db, clock }: PostgresContext): ThreatIndicatorsRepository {
  return {
    upsert(indicators) {
      const statements = threatIndicatorUpserts('postgres', indicators, clock.now());
      return db.tx(async (client) => {
        let written = 0;
        for (const s of statements) written += (await client.query(s.sql, s.params)).rowCount ?? 0;
        return written;
      });
    },
    async count(source) {
      const rows = await db.rows<{ n: string }>(
        `SELECT count(*) AS n FROM threat_indicators${source === undefined ? '' : ' WHERE source = $1'}`,
        source === undefined ? [] : [source],
      );
      return Number(rows[0].n);
    },
  };
}
