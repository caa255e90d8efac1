import { json, type Reply } from './http.js';
import { streamJson } from './siem-cache.js';
import { SIEM_BUCKET_MS } from './siem-data.js';
import { emptyStats, type RequestInfo, type Sim } from './state.js';

/** At most one stream day (plus an hour of slack) per call: the cache could not hold more at high rates anyway. */
const MAX_PREGENERATE_MS = 25 * 3_600_000;

/**
 * Generates and serialises the SIEM minutes covering [from, to) into the cache, so a benchmark can time its
 * client against a simulator that only serves (as Mimecast's does), not one generating on the same cores.
 */
function pregenerate(sim: Sim, req: RequestInfo): Reply {
  const q = req.url.searchParams;
  const from = Number(q.get('from') ?? Number.NaN);
  const to = Number(q.get('to') ?? Number.NaN);
  if (!Number.isSafeInteger(from) || !Number.isSafeInteger(to)) return json(400, { error: 'from, to: must be epoch milliseconds' });
  if (to <= from || to - from > MAX_PREGENERATE_MS)
    return json(400, { error: `to: must be after from, by at most ${MAX_PREGENERATE_MS} ms` });
  let events = 0;
  for (let b = Math.floor(from / SIEM_BUCKET_MS); b <= Math.floor((to - 1) / SIEM_BUCKET_MS); b++) {
    const bucket = sim.siem.bucket(b);
    for (const event of bucket) streamJson(event);
    events += bucket.length;
  }
  return json(200, { events, cached: sim.siem.holds(Math.floor(from / SIEM_BUCKET_MS)) });
}

/**
 * `/__admin/*`: no authentication, so tests and the demo can script outages while the simulator runs.
 * Errors answer `{"error": "<message>"}`.
 */
export function handleAdmin(sim: Sim, path: string, req: RequestInfo): Reply {
  const route = `${req.method} ${path}`;
  switch (route) {
    case 'GET /__admin/faults':
      return json(200, sim.faults.current);
    case 'POST /__admin/faults': {
      let body: unknown;
      try {
        body = req.body.trim() === '' ? {} : JSON.parse(req.body);
      } catch {
        return json(400, { error: 'body: must be a JSON object of faults' });
      }
      try {
        return json(200, sim.faults.merge(body as Record<string, never>));
      } catch (error) {
        return json(400, { error: error instanceof Error ? error.message : String(error) });
      }
    }
    case 'GET /__admin/stats':
      return json(200, sim.stats);
    case 'POST /__admin/reset-stats':
      sim.stats = emptyStats();
      return json(200, sim.stats);
    case 'POST /__admin/pregenerate':
      return pregenerate(sim, req);
    case 'POST /__admin/revoke-tokens':
      sim.tokens.clear();
      return json(200, { revoked: true });
    default:
      return json(404, { error: `no admin route ${route}` });
  }
}
