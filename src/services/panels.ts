import { type PanelRequest, runPanel } from '../search/panels.js';
import type { SearchService } from '../search/search-service.js';

export type PanelsService = ReturnType<typeof createPanelsService>;

/** Dashboard panels, run synchronously on the one search service (its limits, its close). */
export function createPanelsService(deps: { search: Pick<SearchService, 'run'> }) {
  return {
    run: (request: PanelRequest) => runPanel(deps, request),
  };
}
