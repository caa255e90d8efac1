import type { ThreatIndicatorsRepository } from '../repositories.js';
import { threatIndicatorUpserts } from '../threat-indicators.js';
import { exec } from './connection.js';
import type { DuckDbContext } from './context.js';

export function createThreatIndicators(ctx: DuckDbContext): ThreatIndicatorsRepository {
  return {
    upsert(indicators) {
      const statements = threatIndicatorUpserts('duckdb', indicators, ctx.clock.now());
      return ctx.transaction(async (c) => {
        let written = 0;
        for (const s of statements) written += await exec(c, s.sql, s.params);
        return written;
      });
    },
    async count(source) {
      const rows = await ctx.all(
        `SELECT count(*) AS n FROM threat_indicators${source === undefined ? '' : ' WHERE source = ?'}`,
        source === undefined ? [] : [source],
      );
      return Number(rows[0].n);
    },
  };
}
