import type { DashboardTemplate, PanelTemplate } from '../../model/dashboard.js';
import { emailActivity } from '../dashboards/email-activity.js';
import { overview } from '../dashboards/overview.js';
import { siem as threatEvents, filters as threatFilters, threatProtection } from '../dashboards/threat-protection.js';
import { q, valuesQuery } from '../query-parts.js';
import { headVariables, panelQuery, type SumoHead } from './sumo-parts.js';

/*
 * The current app's three SIEM dashboards show what the older app's three show (Sumo describes them with
 * the same panels), under their new titles, plus the panels Sumo added: top attachment types and action
 * types on Threat Protection, and Sumo's own Geo Location of Senders query on Email Processing.
 */

export const siemOverview: DashboardTemplate = {
  ...overview,
  title: 'Mimecast SIEM Logs - Overview',
};

const threatPanels: PanelTemplate[] = [
  {
    title: 'Top Attachment Types',
    visualisation: 'bar',
    query: q(
      threatEvents(['fileExtension'], ['file_extension']),
      '| where event_type in ("av", "attachment protect") and !isBlank(file_extension)',
      threatFilters,
      '| count by file_extension',
      '| sort by _count',
      '| limit 10',
    ),
    labelField: 'file_extension',
    valueField: '_count',
    position: { x: 0, y: 46, width: 12, height: 8 },
  },
  {
    title: 'Action Types',
    visualisation: 'pie',
    query: q(
      threatEvents(['action'], ['action']),
      '| where event_type in ("url protect", "attachment protect", "impersonation protect") and !isBlank(action)',
      threatFilters,
      '| count by action',
      '| sort by _count',
    ),
    labelField: 'action',
    valueField: '_count',
    position: { x: 12, y: 46, width: 12, height: 8 },
  },
];

export const siemThreatProtection: DashboardTemplate = {
  ...threatProtection,
  title: 'Mimecast SIEM Logs - Threat Protection',
  panels: [...threatProtection.panels, ...threatPanels],
};

/** Sumo's head for the SIEM events located on the map; its filters are the dashboard's event_type and account_id. */
const GEO: SumoHead = {
  keywords: 'eventType senderIp',
  fields: [
    ['aggregateId', 'id'],
    ['eventType', 'event_type'],
    ['action', 'action'],
    ['accountId', 'account_id'],
    ['route', 'route'],
    ['senderIp', 'sender_ip'],
  ],
  filters: [
    'if ("{{event_type}}" = "*", true, event_type matches "{{event_type}}")',
    '| where if ("{{account_id}}" = "*", true, account_id matches "{{account_id}}")',
  ].join('\n'),
  json: '| json "aggregateId", "eventType","action","accountId", "route", "senderIp" as id, event_type, action, account_id, route, sender_ip nodrop',
};

/** Sumo's published query, verbatim. */
const geoSenders = panelQuery(
  GEO,
  '| count by id, sender_ip',
  '| count by sender_ip',
  '| lookup latitude, longitude from geo://location on ip = sender_ip',
  '| where !isNull(latitude)',
);

export const siemEmailProcessing: DashboardTemplate = {
  ...emailActivity,
  title: 'Mimecast SIEM Logs - Email Processing and Delivery',
  variables: [
    ...emailActivity.variables,
    ...headVariables(GEO, ['event_type']),
    { name: 'account_id', displayName: 'account_id', valuesQuery: valuesQuery('account_id', ['accountId'], '| v0 as account_id') },
  ],
  panels: emailActivity.panels.map((panel) => (panel.title === 'Geo Location of Senders' ? { ...panel, query: geoSenders } : panel)),
};
