import type { AppDefinition } from '../../model/dashboard.js';
import { MIMECAST_DETECTIONS } from '../detections/pack.js';
import { auditEvents } from './audit-events.js';
import { dlpPolicy } from './dlp-policy.js';
import { holdMessages } from './hold-messages.js';
import { siemEmailProcessing, siemOverview, siemThreatProtection } from './siem-logs.js';

/** The Mimecast app of Sumo Logic's catalog today: SIEM, DLP, audit and hold-list dashboards. */
export const MIMECAST_CURRENT_APP: AppDefinition = {
  uuid: '3f1d9e27-6b4c-4a8e-b5d0-92c7e1a64f08',
  name: 'Mimecast',
  description:
    "Sumo Logic's current Mimecast app: audit events, DLP policy monitoring, held messages, and the SIEM logs' delivery, TLS, geography and threat protection.",
  dashboards: [auditEvents, dlpPolicy, holdMessages, siemOverview, siemThreatProtection, siemEmailProcessing],
  // Sumo's app installs its two embargoed-location monitors; here they come with the whole pack.
  monitors: MIMECAST_DETECTIONS,
};
