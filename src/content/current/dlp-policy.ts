import type { DashboardTemplate } from '../../model/dashboard.js';
import { TIME_COLUMN } from '../query-parts.js';
import { headVariables, matchesAll, OUTLIER, OUTLIER_FIELDS, panelQuery, type SumoHead } from './sumo-parts.js';

const DLP: SumoHead = {
  keywords: 'senderAddress',
  fields: [
    ['messageId', 'id'],
    ['action', 'action'],
    ['policy', 'policy'],
    ['route', 'route'],
    ['senderAddress', 'sender'],
    ['recipientAddress', 'receiver'],
  ],
  filters: matchesAll('action', 'policy', 'route', 'sender', 'receiver'),
};

/** A hold is often logged with the notification it triggered: a message counts once per group. */
const top = (field: string) => panelQuery(DLP, `| count by id, ${field}`, `| count by ${field}`, '| sort by _count', '| limit 10');

export const dlpPolicy: DashboardTemplate = {
  title: 'Mimecast - DLP Policy Monitoring',
  description: 'Data Loss Prevention policy triggers: actions taken, who triggers them, unusual volumes and how each policy acts.',
  variables: headVariables(DLP, ['action', 'policy', 'route', 'sender', 'receiver']),
  panels: [
    {
      title: 'Total DLP Events',
      visualisation: 'singleValue',
      query: panelQuery(DLP, '| count by id', '| count'),
      valueField: '_count',
      position: { x: 0, y: 0, width: 8, height: 4 },
    },
    {
      title: 'Messages Held by DLP',
      visualisation: 'singleValue',
      query: panelQuery(DLP, '| where action = "hold"', '| count by id', '| count'),
      valueField: '_count',
      position: { x: 8, y: 0, width: 8, height: 4 },
    },
    {
      title: 'Messages Bounced by DLP',
      visualisation: 'singleValue',
      query: panelQuery(DLP, '| where action = "bounce"', '| count by id', '| count'),
      valueField: '_count',
      position: { x: 16, y: 0, width: 8, height: 4 },
    },
    {
      // Sumo's published query, verbatim.
      title: 'DLP Events Over Time',
      visualisation: 'line',
      query: panelQuery(DLP, '| timeslice 1h', '| count by id, _timeslice', '| count as count by _timeslice', '| fillmissing timeslice'),
      labelField: '_timeslice',
      valueField: 'count',
      position: { x: 0, y: 4, width: 12, height: 8 },
    },
    {
      title: 'DLP Actions',
      visualisation: 'pie',
      query: panelQuery(DLP, '| count by action', '| sort by _count'),
      labelField: 'action',
      valueField: '_count',
      position: { x: 12, y: 4, width: 12, height: 8 },
    },
    {
      title: 'Top 10 Senders Triggering DLP',
      visualisation: 'bar',
      query: top('sender'),
      labelField: 'sender',
      valueField: '_count',
      position: { x: 0, y: 12, width: 12, height: 8 },
    },
    {
      title: 'Top 10 Recipients Triggering DLP',
      visualisation: 'bar',
      query: top('receiver'),
      labelField: 'receiver',
      valueField: '_count',
      position: { x: 12, y: 12, width: 12, height: 8 },
    },
    {
      // Policy effectiveness: what each policy did, per action.
      title: 'Policy Enforcement by Action',
      visualisation: 'table',
      query: panelQuery(DLP, '| count by policy, action', '| sort by policy asc, _count'),
      columns: ['policy', 'action', '_count'],
      position: { x: 0, y: 20, width: 12, height: 8 },
    },
    {
      // Sumo's anomalous volumes: hourly DLP events against the band outlier learns from the hours before.
      title: 'Anomalous DLP Volumes',
      visualisation: 'line',
      query: panelQuery(DLP, '| timeslice 1h', '| count by id, _timeslice', '| count by _timeslice', OUTLIER, OUTLIER_FIELDS),
      labelField: '_timeslice',
      position: { x: 12, y: 20, width: 12, height: 8 },
    },
    {
      title: 'Recent DLP Events',
      visualisation: 'table',
      query: panelQuery(
        DLP,
        '| json "subject" as subject nodrop',
        TIME_COLUMN,
        '| fields time, sender, receiver, subject, policy, action, route',
        '| limit 100',
      ),
      columns: ['time', 'sender', 'receiver', 'subject', 'policy', 'action', 'route'],
      position: { x: 0, y: 28, width: 24, height: 10 },
    },
  ],
};
