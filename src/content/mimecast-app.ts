import type { AppDefinition } from '../model/dashboard.js';
import { MIMECAST_CURRENT_APP } from './current/mimecast-current-app.js';
import { emailActivity } from './dashboards/email-activity.js';
import { overview } from './dashboards/overview.js';
import { threatProtection } from './dashboards/threat-protection.js';
import { MIMECAST_DETECTIONS } from './detections/pack.js';

/**
 * The older Mimecast app of Sumo Logic's catalog, rebuilt on API 2.0 field names (see spec/app.md). Its uuid
 * is unchanged since it was the only app, so dashboards installed from it and scripts that name it keep working.
 */
export const MIMECAST_LEGACY_APP: AppDefinition = {
  uuid: '8b5c6a42-1d3e-4f6a-9c2b-7e0d4a1f5b93',
  name: 'Mimecast (legacy)',
  description: 'The older Sumo Logic Mimecast app: message delivery and TLS, DLP policy hits, where mail comes from, and targeted threats.',
  dashboards: [overview, emailActivity, threatProtection],
  monitors: MIMECAST_DETECTIONS,
};

/** The detection pack on its own, for a team that wants the monitors without (more) dashboards. */
export const MIMECAST_DETECTIONS_APP: AppDefinition = {
  uuid: 'c6e2a0d4-58b1-4f3e-9a7c-1d2b3e4f5a60',
  name: 'Mimecast Detections',
  description:
    "Monitors for Mimecast data: Sumo's embargoed-location monitors and detections from the public rule sets (failed logons, malicious clicks and attachments, impersonation, viruses, DLP, spikes, collection health).",
  dashboards: [],
  monitors: MIMECAST_DETECTIONS,
};

export const APPS: readonly AppDefinition[] = [MIMECAST_LEGACY_APP, MIMECAST_CURRENT_APP, MIMECAST_DETECTIONS_APP];
