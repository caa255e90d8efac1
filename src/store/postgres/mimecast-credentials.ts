import type { MimecastCredentialsRepository, StoredToken } from '../repositories.js';
import type { PostgresContext } from './context.js';

/**
 * One statement per call, serialised by the row lock: the budget left in the current period (none known
 * once it has ended), one taken when the call may go, and the wait otherwise (the 429 block first). Calls
 * sent while no budget is known are counted (`unknown_taken`): they are in flight when the first answer of
 * the period arrives, and its count does not include the ones sent after it.
 */
const TAKE_CALL_SQL = `
  WITH cur AS (
    SELECT not_before, budget_until,
      CASE WHEN $2::bigint < budget_until THEN budget END AS budget,
      CASE WHEN budget IS NOT NULL AND $2::bigint >= budget_until THEN 0 ELSE unknown_taken END AS unknown_taken
    FROM mimecast_rate_budgets WHERE app = $1 FOR UPDATE
  ), decided AS (
    SELECT cur.*, cur.not_before <= $2::bigint AND (cur.budget IS NULL OR cur.budget > 0) AS go FROM cur
  )
  UPDATE mimecast_rate_budgets r
  SET budget = CASE WHEN d.go THEN d.budget - 1 ELSE d.budget END,
    unknown_taken = CASE WHEN d.go AND d.budget IS NULL THEN d.unknown_taken + 1 ELSE d.unknown_taken END
  FROM decided d WHERE r.app = $1
  RETURNING CASE
    WHEN d.not_before > $2::bigint THEN d.not_before - $2::bigint
    WHEN NOT d.go THEN d.budget_until - $2::bigint
    ELSE 0 END AS wait_ms`;

/**
 * Answers to calls sent earlier may arrive late: within one period the lowest count is the truth (as in
 * rate-limiter.ts). The first answer of a period also takes off the calls sent after its own while no
 * budget was known.
 */
const OBSERVE_SQL = `
  UPDATE mimecast_rate_budgets SET
    budget = CASE WHEN budget IS NOT NULL AND $2::bigint < budget_until THEN LEAST(budget, $3::integer)
      ELSE GREATEST($3::integer - GREATEST(unknown_taken - 1, 0), 0) END,
    unknown_taken = CASE WHEN budget IS NOT NULL AND $2::bigint < budget_until THEN unknown_taken ELSE 0 END,
    budget_until = $2::bigint + $4::bigint,
    not_before = CASE
      WHEN $3::integer <= 0 THEN GREATEST(not_before, $2::bigint + $4::bigint)
      WHEN $3::integer <= $5::integer THEN GREATEST(not_before, $2::bigint + CEIL($4::bigint::double precision / ($3::integer + 1))::BIGINT)
      ELSE not_before END
  WHERE app = $1`;

export function createMimecastCredentials({ db, secrets }: PostgresContext): MimecastCredentialsRepository {
  const known = new Set<string>();
  /** Rows are made once per application and process; the statements after only update. */
  const ensure = async (app: string) => {
    if (known.has(app)) return;
    await db.rows('INSERT INTO mimecast_tokens (app) VALUES ($1) ON CONFLICT DO NOTHING', [app]);
    await db.rows('INSERT INTO mimecast_rate_budgets (app) VALUES ($1) ON CONFLICT DO NOTHING', [app]);
    known.add(app);
  };
  const context = (app: string) => `mimecast-token:${app}`;
  return {
    async tokenOrLogin(app, secretHash, now, login) {
      await ensure(app);
      // A failed login is carried out of the transaction as a value: the store must not rewrap it.
      const outcome = await db.tx(async (client) => {
        const { rows } = await client.query<{ secret_hash: string | null; token: string | null; refresh_at: string }>(
          'SELECT secret_hash, token, refresh_at FROM mimecast_tokens WHERE app = $1 FOR UPDATE',
          [app],
        );
        const row = rows[0];
        if (row?.token && row.secret_hash === secretHash && now() < Number(row.refresh_at))
          return { token: { value: secrets.open(row.token, context(app)), refreshAt: Number(row.refresh_at) } };
        let token: StoredToken;
        try {
          token = await login();
        } catch (error) {
          return { error };
        }
        await client.query('UPDATE mimecast_tokens SET secret_hash = $2, token = $3, refresh_at = $4 WHERE app = $1', [
          app,
          secretHash,
          secrets.seal(token.value, context(app)),
          token.refreshAt,
        ]);
        return { token };
      });
      if ('error' in outcome) throw outcome.error;
      return outcome.token;
    },
    async forgetToken(app, value) {
      await ensure(app);
      const [row] = await db.rows<{ token: string | null }>('SELECT token FROM mimecast_tokens WHERE app = $1', [app]);
      // Only the refused token: another process may already have stored its successor.
      if (row?.token && secrets.open(row.token, context(app)) === value)
        await db.rows('UPDATE mimecast_tokens SET token = NULL, refresh_at = 0 WHERE app = $1 AND token = $2', [app, row.token]);
    },
    async takeCall(app, now) {
      await ensure(app);
      const [row] = await db.rows<{ wait_ms: string }>(TAKE_CALL_SQL, [app, now]);
      return Number(row?.wait_ms ?? 0);
    },
    async observeQuota(app, now, { remaining, resetMs, lowWater }) {
      await ensure(app);
      await db.rows(OBSERVE_SQL, [app, now, Math.floor(remaining), Math.ceil(resetMs), lowWater]);
    },
    async blockUntil(app, until) {
      await ensure(app);
      await db.rows('UPDATE mimecast_rate_budgets SET not_before = GREATEST(not_before, $2) WHERE app = $1', [app, Math.ceil(until)]);
    },
  };
}
