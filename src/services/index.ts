import { HealthReporter } from '../collector/health.js';
import type { CollectorControl } from '../collector/runtime.js';
import type { Clock } from '../core/clock.js';
import type { Logger } from '../core/logger.js';
import { createSearchService, type SearchLimits, type SearchService } from '../search/search-service.js';
import type { Store } from '../store/store.js';
import { type AccessKeysService, createAccessKeysService } from './access-keys.js';
import { type CollectorsService, createCollectorsService } from './collectors.js';
import type { ServiceContext } from './context.js';
import { createFieldsService, type FieldsService } from './fields.js';
import { createHealthService, type HealthService } from './health.js';
import { createLibraryService, type LibraryContentService } from './library.js';
import { createMetricsRegistry, createMetricsService, type MetricsRegistry, type MetricsService } from './metrics.js';
import { createPanelsService, type PanelsService } from './panels.js';
import { createSourcesService, type SourcesService } from './sources.js';

export interface ServicesConfig {
  /** The smallest pollingIntervalSec a source may have (30; lower only for tests). */
  minPollSec: number;
  /** Search budgets, job caps per key and the job deadline; unset ones take DEFAULT_SEARCH_LIMITS. */
  searchLimits?: Partial<SearchLimits>;
}

export interface ServicesDeps {
  store: Store;
  clock: Clock;
  logger: Logger;
  /** The running collector, told about changes so they apply at once; absent in a CLI command. */
  runtime?: CollectorControl;
  config: ServicesConfig;
  /** Made before the collector, which counts into it (`serve`); a fresh one when absent. */
  metrics?: MetricsRegistry;
}

/** Every service, built once; the API's routes, the CLI commands and the demo all call these. */
export interface Services {
  collectors: CollectorsService;
  sources: SourcesService;
  health: HealthService;
  fields: FieldsService;
  library: LibraryContentService;
  /** The one search service: the Search Job API, dashboard panels and `mimecast-c2c search` share its limits. */
  search: SearchService;
  panels: PanelsService;
  accessKeys: AccessKeysService;
  /** `GET /metrics`: the Prometheus metrics of this process. */
  metrics: MetricsService;
  /** Cancels every search job and synchronous run and waits until their queries have stopped; call before the store closes. */
  close(): Promise<void>;
}

/** The composition root: `serve`, `demo` and the CLI commands that open a store call it, nothing else builds a service. */
export function createServices(deps: ServicesDeps): Services {
  const { store, clock, logger } = deps;
  const ctx: ServiceContext = {
    store,
    clock,
    logger,
    health: new HealthReporter(store, clock, logger),
    control: deps.runtime,
    minPollSec: deps.config.minPollSec,
  };
  const search = createSearchService({ store, clock, logger: logger.child({ component: 'search' }), limits: deps.config.searchLimits });
  return {
    collectors: createCollectorsService(ctx),
    sources: createSourcesService(ctx),
    health: createHealthService(ctx),
    fields: createFieldsService(ctx),
    library: createLibraryService({ store, clock }),
    search,
    panels: createPanelsService({ search }),
    accessKeys: createAccessKeysService({ store }),
    metrics: createMetricsService({ metrics: deps.metrics ?? createMetricsRegistry(), store, search, clock, logger }),
    close: () => search.close(),
  };
}
