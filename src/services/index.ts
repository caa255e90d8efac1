import { HealthReporter } from '../collector/health.js';
import type { CollectorControl } from '../collector/runtime.js';
import type { Clock } from '../core/clock.js';
import type { Logger } from '../core/logger.js';
import type { SmtpSettings } from '../model/connection.js';
import { DEFAULT_RUNNER_OPTIONS, MonitorRunner, type RunnerOptions } from '../monitors/runner.js';
import { DEFAULT_WEBHOOK_TIMEOUT_MS } from '../monitors/webhook.js';
import { createSearchService, type SearchLimits, type SearchService } from '../search/search-service.js';
import type { Store } from '../store/store.js';
import { type AccessKeysService, createAccessKeysService } from './access-keys.js';
import { type AlertsService, createAlertsService } from './alerts.js';
import { type CollectorsService, createCollectorsService } from './collectors.js';
import { type ConnectionsService, createConnectionsService } from './connections.js';
import { type ContentService, createContentService } from './content.js';
import type { ServiceContext } from './context.js';
import { createDashboardsService, type DashboardsService } from './dashboards.js';
import { createFieldsService, type FieldsService } from './fields.js';
import { createHealthService, type HealthService } from './health.js';
import { createLibraryService, type LibraryContentService } from './library.js';
import { createLookupTablesService, type LookupTablesService } from './lookup-tables.js';
import { createMetricsRegistry, createMetricsService, type MetricsRegistry, type MetricsService } from './metrics.js';
import { createMonitorsService, type MonitorsService } from './monitors.js';
import { createPanelsService, type PanelsService } from './panels.js';
import { createPartitionsService, type PartitionsService } from './partitions.js';
import { createPushService, type PushService } from './push.js';
import { createSourcesService, type SourcesService } from './sources.js';

export interface ServicesConfig {
  /** The smallest pollingIntervalSec a source may have (30; lower only for tests). */
  minPollSec: number;
  /** Search budgets, job caps per key and the job deadline; unset ones take DEFAULT_SEARCH_LIMITS. */
  searchLimits?: Partial<SearchLimits>;
  /** MC2C_WEBHOOK_ALLOWED_HOSTS: the only hosts webhooks may reach (empty: any public host; loopback only if named). */
  webhookAllowedHosts?: string[];
  /** The monitors engine's cadence, retries and webhook timeout; unset ones take DEFAULT_RUNNER_OPTIONS. */
  monitorRunner?: Partial<Omit<RunnerOptions, 'webhook'>> & { webhookTimeoutMs?: number };
  /** MC2C_RETENTION_DAYS: the default partition's retention in days (30 when unset). */
  retentionDays?: number;
  /** `--max-store-gb` / MC2C_MAX_STORE_GB, in bytes: the store's disk budget (none when unset). */
  maxStoreBytes?: number;
  /** MC2C_PUBLIC_URL: the address users reach the web UI at, which notifications' URL variables start with. */
  publicUrl?: string;
  /** MC2C_SMTP_*: the SMTP server e-mail notifications go through; without it they are refused. */
  smtp?: SmtpSettings;
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
  content: ContentService;
  /** Sumo's Dashboard Management API: dashboards created and edited, saved with ETags. */
  dashboards: DashboardsService;
  /** Lookup tables (Sumo's Lookup Tables API). */
  lookupTables: LookupTablesService;
  /** The one search service: the Search Job API, dashboard panels and `mimecast-c2c search` share its limits. */
  search: SearchService;
  panels: PanelsService;
  accessKeys: AccessKeysService;
  /** `GET /metrics`: the Prometheus metrics of this process. */
  metrics: MetricsService;
  connections: ConnectionsService;
  /** The monitors library; `start()` runs its evaluations and notifications in this process (`serve`). */
  monitors: MonitorsService;
  /** Sumo's partitions; `start()` makes the default one and runs retention in this process (`serve`). */
  partitions: PartitionsService;
  /** The alerts monitors open: list, acknowledge, resolve by hand. */
  alerts: AlertsService;
  /** Mimecast Event Push: each source's receiver token and the events pushed to it. */
  push: PushService;
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
  const search = createSearchService({
    store,
    clock,
    logger: logger.child({ component: 'search' }),
    limits: deps.config.searchLimits,
    // The partitions service is made below; the list is read at each search, by then it exists.
    defaultScopeExcludes: () => partitions.excludedFromDefaultSearch(),
  });
  const { webhookTimeoutMs, ...runnerOptions } = deps.config.monitorRunner ?? {};
  const webhook = { allowedHosts: deps.config.webhookAllowedHosts ?? [], timeoutMs: webhookTimeoutMs ?? DEFAULT_WEBHOOK_TIMEOUT_MS };
  const runner = new MonitorRunner({
    store,
    search,
    clock,
    logger: logger.child({ component: 'monitors' }),
    options: { ...DEFAULT_RUNNER_OPTIONS, ...runnerOptions, webhook },
    publicUrl: deps.config.publicUrl,
    smtp: deps.config.smtp,
    health: ctx.health,
  });
  const connections = createConnectionsService({ store, policy: webhook, smtp: deps.config.smtp });
  const partitions = createPartitionsService({
    store,
    clock,
    logger: logger.child({ component: 'retention' }),
    retentionDays: deps.config.retentionDays,
    maxStoreBytes: deps.config.maxStoreBytes,
  });
  const monitors = createMonitorsService({ store, clock, runner, connectionExists: connections.exists, smtp: deps.config.smtp });
  const library = createLibraryService({ store, clock, monitors });
  const metrics = deps.metrics ?? createMetricsRegistry();
  return {
    collectors: createCollectorsService(ctx),
    sources: createSourcesService(ctx),
    health: createHealthService(ctx),
    fields: createFieldsService(ctx),
    library,
    content: createContentService({ store, clock }),
    dashboards: createDashboardsService({ store, clock, personalFolder: library.personalFolder }),
    lookupTables: createLookupTablesService({ store, clock }),
    search,
    panels: createPanelsService({ search }),
    accessKeys: createAccessKeysService({ store }),
    metrics: createMetricsService({ metrics, store, search, clock, logger }),
    connections,
    monitors,
    partitions,
    alerts: createAlertsService({ store, clock, logger: logger.child({ component: 'alerts' }), publicUrl: deps.config.publicUrl }),
    push: createPushService({ store, clock, logger, telemetry: metrics.telemetry, publicUrl: deps.config.publicUrl }),
    close: async () => {
      await partitions.stop();
      await runner.stop();
      await search.close();
    },
  };
}
