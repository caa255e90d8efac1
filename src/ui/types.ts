/** The API's JSON as the UI reads it (see spec/api.md). */

export interface Collector {
  id: string;
  name: string;
  description?: string;
  category?: string;
  collectorType: string;
  alive: boolean;
}

export type SourceStateName = 'Pending' | 'Started' | 'Initialized' | 'Authenticated' | 'Collecting' | 'Error' | 'Stopping';

export interface ProcessingRule {
  name: string;
  filterType: 'Include' | 'Exclude' | 'Mask' | 'Hash';
  regexp: string;
  mask?: string;
}

export interface SourceConfig {
  name: string;
  description?: string;
  category?: string;
  fields?: Record<string, string | boolean>;
  clientID: string;
  clientSecret: string;
  dataCollection: string[];
  filters?: ProcessingRule[];
  hashAlgorithm?: 'MD5' | 'SHA-256';
  region?: 'global' | 'us' | 'uk';
  startTime?: string;
  pollingIntervalSec?: number;
}

export interface Source {
  id: string;
  config: SourceConfig;
  schemaRef: { type: string; version?: string };
  sourceType: string;
  alive: boolean;
  state: {
    state: SourceStateName;
    error?: { type: string; code: string; message: string; retriesUntil: string | null };
  };
  health: { status: 'Healthy' | 'Warning' | 'Error'; errors: number; warnings: number };
  collection?: Record<string, { messages: number; lastMessageTime: number | string | null; lastPollAt: number | string | null }>;
  droppedFields?: string[];
}

export interface HealthEvent {
  eventId: string;
  eventName: string;
  eventType: string;
  severityLevel: 'Error' | 'Warning';
  status: 'Unhealthy' | 'Healthy';
  details: { trackerId: string; name: string; description: string; error: string };
  subsystem: string;
  resourceIdentity: { collectorId: string; collectorName: string; id: string; name: string; type: string };
  eventTime: string;
}

export interface FieldDef {
  fieldName: string;
  fieldId: string;
  dataType: string;
  state: string;
}

export interface ContentChild {
  id: string;
  name: string;
  itemType: 'Folder' | 'Dashboard';
  description: string;
}

export interface Folder {
  id: string;
  name: string;
  description: string;
  parentId: string | null;
  children: ContentChild[];
}

export interface AppSummary {
  uuid: string;
  name: string;
  description: string;
  dashboards: string[];
}

/** GET /api/v1/apps/{uuid}: what the catalog shows and the install wizard installs. */
export interface AppDetail {
  uuid: string;
  name: string;
  description: string;
  dashboards: {
    title: string;
    description: string;
    panels: { title: string; visualisation: string; position: { x: number; y: number; width: number; height: number } }[];
  }[];
}

export interface SessionInfo {
  accessId: string;
  name: string;
  demo: boolean;
}
