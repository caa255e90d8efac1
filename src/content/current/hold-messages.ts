import type { DashboardTemplate } from '../../model/dashboard.js';
import { TIME_COLUMN } from '../query-parts.js';
import { headVariables, matchesAll, NEWEST_FIRST, OUTLIER, OUTLIER_FIELDS, panelQuery, type SumoHead } from './sumo-parts.js';

const HOLD: SumoHead = {
  keywords: 'reasonCode policyInfo',
  fields: [
    ['id', 'id'],
    ['reasonCode', 'reason_code'],
    ['route', 'route'],
    ['policyInfo', 'policy_info'],
    ['from.emailAddress', 'sender_email'],
    ['to.emailAddress', 'receiver_email'],
  ],
  filters: matchesAll('reason_code', 'route', 'policy_info', 'sender_email', 'receiver_email'),
};

/** The hold list is read as snapshots, so a message held for hours is stored more than once: count ids. */
const top = (field: string) => panelQuery(HOLD, `| count by id, ${field}`, `| count by ${field}`, '| sort by _count', '| limit 10');

/** Spam holds are those of a spam policy (`message_hold_applied_spam_signature_policy`, …). */
const SPAM = '| where reason_code matches "*spam*"';

export const holdMessages: DashboardTemplate = {
  title: 'Mimecast - Hold Message Analysis',
  description: 'Quarantined and held messages: spam holds, the recipients targeted, hold volumes and what each policy holds.',
  variables: headVariables(HOLD, ['reason_code', 'route', 'policy_info', 'sender_email', 'receiver_email']),
  panels: [
    {
      title: 'Total Held Messages',
      visualisation: 'singleValue',
      query: panelQuery(HOLD, '| count by id', '| count'),
      valueField: '_count',
      position: { x: 0, y: 0, width: 8, height: 4 },
    },
    {
      title: 'Spam Holds',
      visualisation: 'singleValue',
      query: panelQuery(HOLD, SPAM, '| count by id', '| count'),
      valueField: '_count',
      position: { x: 8, y: 0, width: 8, height: 4 },
    },
    {
      title: 'Held Messages with Attachments',
      visualisation: 'singleValue',
      query: panelQuery(
        HOLD,
        '| json "hasAttachments" as has_attachments nodrop',
        '| where has_attachments = "true"',
        '| count by id',
        '| count',
      ),
      valueField: '_count',
      position: { x: 16, y: 0, width: 8, height: 4 },
    },
    {
      // Sumo's published query, verbatim (policy effectiveness).
      title: 'Hold Messages by Policy',
      visualisation: 'bar',
      query: panelQuery(HOLD, '| count by id, policy_info', '| count by policy_info', '| sort by _count, policy_info asc'),
      labelField: 'policy_info',
      valueField: '_count',
      position: { x: 0, y: 4, width: 12, height: 8 },
    },
    {
      title: 'Hold Reasons',
      visualisation: 'pie',
      query: panelQuery(HOLD, '| count by id, reason_code', '| count by reason_code', '| sort by _count'),
      labelField: 'reason_code',
      valueField: '_count',
      position: { x: 12, y: 4, width: 12, height: 8 },
    },
    {
      // Sumo's hold volume anomalies: new holds per hour against the band outlier learns from the hours before.
      title: 'Hold Volume Anomalies',
      visualisation: 'line',
      query: panelQuery(HOLD, '| timeslice 1h', '| count by id, _timeslice', '| count by _timeslice', OUTLIER, OUTLIER_FIELDS),
      labelField: '_timeslice',
      position: { x: 0, y: 12, width: 12, height: 8 },
    },
    {
      title: 'Spam Holds Over Time',
      visualisation: 'line',
      query: panelQuery(
        HOLD,
        SPAM,
        '| timeslice 1h',
        '| count by id, _timeslice',
        '| count by _timeslice',
        '| fillmissing timeslice',
        NEWEST_FIRST,
      ),
      labelField: '_timeslice',
      valueField: '_count',
      position: { x: 12, y: 12, width: 12, height: 8 },
    },
    {
      title: 'Top 10 Targeted Recipients',
      visualisation: 'bar',
      query: top('receiver_email'),
      labelField: 'receiver_email',
      valueField: '_count',
      position: { x: 0, y: 20, width: 12, height: 8 },
    },
    {
      title: 'Top 10 Held Senders',
      visualisation: 'bar',
      query: top('sender_email'),
      labelField: 'sender_email',
      valueField: '_count',
      position: { x: 12, y: 20, width: 12, height: 8 },
    },
    {
      title: 'Recent Held Messages',
      visualisation: 'table',
      query: panelQuery(
        HOLD,
        '| json "subject" as subject nodrop',
        TIME_COLUMN,
        '| count by id, time, sender_email, receiver_email, subject, reason_code, policy_info',
        '| fields time, sender_email, receiver_email, subject, reason_code, policy_info',
        '| sort by time',
        '| limit 100',
      ),
      columns: ['time', 'sender_email', 'receiver_email', 'subject', 'reason_code', 'policy_info'],
      position: { x: 0, y: 28, width: 24, height: 10 },
    },
  ],
};
