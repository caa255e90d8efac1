import type { DashboardTemplate } from '../../model/dashboard.js';
import { q, siemEvents, TIME_COLUMN, valuesQuery, variableFilter, whereFilters } from '../query-parts.js';

export const filters = whereFilters(
  variableFilter('recipient', 'toLowerCase(recipients)'),
  variableFilter('sender', 'toLowerCase(sender)'),
);

/**
 * SIEM events with sender and recipients. Attachment-protect events name their recipient `recipient`
 * (singular), the others `recipients`: both are read and merged.
 */
export const siem = (fields: string[], names: string[]) =>
  q(
    siemEvents([
      ['senderEnvelope', 'sender'],
      ['recipients', 'siem_recipients'],
      ['recipient', 'siem_recipient'],
      ...fields.map((f, i): [string, string] => [f, names[i]]),
    ]),
    '| if(isNull(siem_recipients), siem_recipient, siem_recipients) as recipients',
  );

/** Blocked URL clicks, viruses and impersonation attempts: the events that name a malicious sender. */
const MALICIOUS =
  '| where (event_type = "url protect" and action != "Allow") or event_type = "av" or (event_type = "impersonation protect" and action != "None")';

export const threatProtection: DashboardTemplate = {
  title: 'Mimecast - Target Threat Protection',
  description: 'Malicious attachments and URLs, blocked mail and the senders and recipients involved.',
  variables: [
    {
      name: 'recipient',
      displayName: 'recipient',
      valuesQuery: valuesQuery('recipient', ['recipients', 'recipient'], '| toLowerCase(if(isNull(v0), v1, v0)) as recipient'),
    },
    { name: 'sender', displayName: 'sender', valuesQuery: valuesQuery('sender', ['senderEnvelope'], '| toLowerCase(v0) as sender') },
  ],
  panels: [
    {
      title: 'Recent Attachment Threats',
      visualisation: 'table',
      query: q(
        siem(['fileName', 'fileExtension', 'sha256', 'virusFound'], ['file_name', 'file_extension', 'sha256', 'virus_found']),
        '| where event_type in ("av", "attachment protect")',
        filters,
        TIME_COLUMN,
        '| fields time, file_name, file_extension, sha256, virus_found, sender, recipients',
        '| limit 100',
      ),
      columns: ['time', 'file_name', 'file_extension', 'sha256', 'virus_found', 'sender', 'recipients'],
      position: { x: 0, y: 0, width: 24, height: 10 },
    },
    {
      title: 'Recent Malicious URL Activity',
      visualisation: 'table',
      query: q(
        siem(['url', 'urlCategory', 'action', 'blockReason', 'sourceIp'], ['url', 'category', 'action', 'block_reason', 'source_ip']),
        '| where event_type = "url protect" and action != "Allow"',
        filters,
        TIME_COLUMN,
        '| fields time, url, category, action, block_reason, sender, recipients, source_ip',
        '| limit 100',
      ),
      columns: ['time', 'url', 'category', 'action', 'block_reason', 'sender', 'recipients', 'source_ip'],
      position: { x: 0, y: 10, width: 24, height: 10 },
    },
    {
      title: 'Recent Blocked Emails',
      visualisation: 'table',
      query: q(
        siem(['action', 'senderIp', 'rejectionType', 'rejectionInfo'], ['action', 'sender_ip', 'rejection_type', 'rejection_info']),
        '| where event_type = "receipt" and action = "Rej"',
        filters,
        TIME_COLUMN,
        '| fields time, sender, recipients, sender_ip, rejection_type, rejection_info',
        '| limit 100',
      ),
      columns: ['time', 'sender', 'recipients', 'sender_ip', 'rejection_type', 'rejection_info'],
      position: { x: 0, y: 20, width: 24, height: 10 },
    },
    {
      title: 'Top 10 Recipients of Malicious Attachments',
      visualisation: 'bar',
      query: q(
        siem([], []),
        '| where event_type = "av" and !isBlank(recipients)',
        filters,
        '| count by recipients',
        '| sort by _count',
        '| limit 10',
      ),
      labelField: 'recipients',
      valueField: '_count',
      position: { x: 0, y: 30, width: 12, height: 8 },
    },
    {
      title: 'Top 10 Senders of Malicious Attachments',
      visualisation: 'bar',
      query: q(
        siem([], []),
        '| where event_type = "av" and !isBlank(sender)',
        filters,
        '| count by sender',
        '| sort by _count',
        '| limit 10',
      ),
      labelField: 'sender',
      valueField: '_count',
      position: { x: 12, y: 30, width: 12, height: 8 },
    },
    {
      title: 'Top 10 Malicious Senders',
      visualisation: 'bar',
      query: q(
        siem(['action'], ['action']),
        MALICIOUS,
        '| where !isBlank(sender)',
        filters,
        '| count by sender',
        '| sort by _count',
        '| limit 10',
      ),
      labelField: 'sender',
      valueField: '_count',
      position: { x: 0, y: 38, width: 12, height: 8 },
    },
    {
      title: 'Top 10 Targeted Recipients',
      visualisation: 'bar',
      query: q(
        siem(['action'], ['action']),
        MALICIOUS,
        '| where !isBlank(recipients)',
        filters,
        '| count by recipients',
        '| sort by _count',
        '| limit 10',
      ),
      labelField: 'recipients',
      valueField: '_count',
      position: { x: 12, y: 38, width: 12, height: 8 },
    },
  ],
};
