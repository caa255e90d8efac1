import type { AppDefinition } from '../model/dashboard.js';
import { emailActivity } from './dashboards/email-activity.js';
import { overview } from './dashboards/overview.js';
import { threatProtection } from './dashboards/threat-protection.js';

/** The Mimecast app of Sumo Logic's catalog, rebuilt on API 2.0 field names (see spec/app.md). */
export const MIMECAST_APP: AppDefinition = {
  uuid: '8b5c6a42-1d3e-4f6a-9c2b-7e0d4a1f5b93',
  name: 'Mimecast',
  description:
    'Dashboards over Mimecast email security data: message delivery and TLS, DLP policy hits, where mail comes from, and targeted threats.',
  dashboards: [overview, emailActivity, threatProtection],
};

export const APPS: readonly AppDefinition[] = [MIMECAST_APP];
