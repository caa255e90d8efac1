import type { DashboardTemplate } from '../../model/dashboard.js';
import { TIME_COLUMN } from '../query-parts.js';
import { headVariables, matchesAll, NEWEST_FIRST, OUTLIER, OUTLIER_FIELDS, panelQuery, type SumoHead } from './sumo-parts.js';

const AUDIT: SumoHead = {
  keywords: 'auditType id',
  fields: [
    ['id', 'id'],
    ['auditType', 'audit_type'],
    ['user', 'user'],
    ['category', 'category'],
  ],
  filters: matchesAll('audit_type', 'category', 'user'),
};

/** Audit records are logged once, but a re-collected window may store one twice: count each id once. */
const EACH_ONCE = '| count by id';

export const auditEvents: DashboardTemplate = {
  title: 'Mimecast - Audit Events Overview',
  description: 'Directory sync operations, user and administrator activity, unusual activity and the audit trail.',
  variables: headVariables(AUDIT, ['audit_type', 'category', 'user']),
  panels: [
    {
      // Sumo's published query, verbatim.
      title: 'Total Audit Events',
      visualisation: 'singleValue',
      query: panelQuery(AUDIT, EACH_ONCE, '| count'),
      valueField: '_count',
      position: { x: 0, y: 0, width: 8, height: 4 },
    },
    {
      title: 'Failed Logons',
      visualisation: 'singleValue',
      query: panelQuery(AUDIT, '| where audit_type = "Logon Authentication Failed"', EACH_ONCE, '| count'),
      valueField: '_count',
      position: { x: 8, y: 0, width: 8, height: 4 },
    },
    {
      title: 'Active Users',
      visualisation: 'singleValue',
      query: panelQuery(AUDIT, '| count_distinct(user)'),
      valueField: '_count_distinct',
      position: { x: 16, y: 0, width: 8, height: 4 },
    },
    {
      title: 'Audit Events Over Time',
      visualisation: 'line',
      query: panelQuery(
        AUDIT,
        '| timeslice 1h',
        '| count by id, _timeslice',
        '| count by _timeslice',
        '| fillmissing timeslice',
        NEWEST_FIRST,
      ),
      labelField: '_timeslice',
      valueField: '_count',
      position: { x: 0, y: 4, width: 12, height: 8 },
    },
    {
      title: 'Audit Events by Category',
      visualisation: 'pie',
      query: panelQuery(AUDIT, '| count by id, category', '| count by category', '| sort by _count'),
      labelField: 'category',
      valueField: '_count',
      position: { x: 12, y: 4, width: 12, height: 8 },
    },
    {
      title: 'Top 10 Audit Event Types',
      visualisation: 'bar',
      query: panelQuery(AUDIT, '| count by id, audit_type', '| count by audit_type', '| sort by _count', '| limit 10'),
      labelField: 'audit_type',
      valueField: '_count',
      position: { x: 0, y: 12, width: 12, height: 8 },
    },
    {
      title: 'Top 10 Users and Administrators',
      visualisation: 'bar',
      query: panelQuery(AUDIT, '| count by id, user', '| count by user', '| sort by _count', '| limit 10'),
      labelField: 'user',
      valueField: '_count',
      position: { x: 12, y: 12, width: 12, height: 8 },
    },
    {
      // Mimecast logs directory syncs ("Completed Directory Sync") and data exports as account events.
      title: 'Directory Sync and Account Events',
      visualisation: 'table',
      query: panelQuery(
        AUDIT,
        '| where category = "account_logs"',
        '| json "eventInfo" as event_info nodrop',
        TIME_COLUMN,
        '| fields time, audit_type, user, event_info',
        '| limit 100',
      ),
      columns: ['time', 'audit_type', 'user', 'event_info'],
      position: { x: 0, y: 20, width: 12, height: 8 },
    },
    {
      // Sumo's anomalies panel: hourly audit events against the band outlier learns from the hours before.
      title: 'Audit Event Anomalies',
      visualisation: 'line',
      query: panelQuery(AUDIT, '| timeslice 1h', '| count by id, _timeslice', '| count by _timeslice', OUTLIER, OUTLIER_FIELDS),
      labelField: '_timeslice',
      position: { x: 12, y: 20, width: 12, height: 8 },
    },
    {
      title: 'Recent Audit Events',
      visualisation: 'table',
      query: panelQuery(
        AUDIT,
        '| json "eventInfo" as event_info nodrop',
        TIME_COLUMN,
        '| fields time, audit_type, category, user, event_info',
        '| limit 100',
      ),
      columns: ['time', 'audit_type', 'category', 'user', 'event_info'],
      position: { x: 0, y: 28, width: 24, height: 10 },
    },
  ],
};
