import { json, type Reply } from './http.js';
import { emptyStats, type RequestInfo, type Sim } from './state.js';

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
    case 'POST /__admin/revoke-tokens':
      sim.tokens.clear();
      return json(200, { revoked: true });
    default:
      return json(404, { error: `no admin route ${route}` });
  }
}
