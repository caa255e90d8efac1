import type { DashboardTemplate } from '../../model/dashboard.js';
import { q, siemEvents, TIME_COLUMN, valuesQuery, variableFilter, whereFilters } from '../query-parts.js';

// Mimecast writes directions in either case (`Inbound`, `inbound`): the filter compares lower case.
const direction = variableFilter('direction', 'toLowerCase(direction)');
const route = variableFilter('direction', 'toLowerCase(route)');
const account = variableFilter('account_id', 'account_id');

/** SIEM events with the fields every Overview panel filters on. */
const siem = (fields: string[], names: string[]) =>
  siemEvents([
    ['aggregateId', 'aggregate_id'],
    ['direction', 'direction'],
    ['accountId', 'account_id'],
    ...fields.map((f, i): [string, string] => [f, names[i]]),
  ]);

/**
 * DLP records are the messages with a `policy` key (json without nodrop keeps only those). They carry no
 * account id, and their `route` (inbound/outbound) is their direction: the account filter does not apply.
 */
const dlp = (fields: string[], names: string[]) =>
  q(
    '$$logsrc',
    '| json "policy", "route" as policy, route',
    ...(fields.length ? [`| json ${fields.map((f) => `"${f}"`).join(', ')} as ${names.join(', ')} nodrop`] : []),
    whereFilters(route),
  );

export const overview: DashboardTemplate = {
  title: 'Mimecast - Overview',
  description: 'Delivered and received messages, TLS use and DLP policy hits.',
  variables: [
    { name: 'direction', displayName: 'direction', values: ['inbound', 'outbound', 'internal'] },
    { name: 'account_id', displayName: 'account_id', valuesQuery: valuesQuery('account_id', ['accountId'], '| v0 as account_id') },
  ],
  panels: [
    {
      title: 'Total Messages Delivered',
      visualisation: 'singleValue',
      query: q(
        siem(['delivered'], ['delivered']),
        '| where event_type = "delivery" and delivered = "true"',
        whereFilters(direction, account),
        '| count_distinct(aggregate_id)',
      ),
      position: { x: 0, y: 0, width: 8, height: 4 },
    },
    {
      title: 'Messages Delivered Without TLS',
      visualisation: 'singleValue',
      query: q(
        siem(['delivered', 'tlsUsed'], ['delivered', 'tls_used']),
        '| where event_type = "delivery" and delivered = "true" and tls_used = "No"',
        whereFilters(direction, account),
        '| count_distinct(aggregate_id)',
      ),
      position: { x: 8, y: 0, width: 8, height: 4 },
    },
    {
      title: 'Messages Received Without TLS',
      visualisation: 'singleValue',
      query: q(
        siem(['action', 'tlsVersion'], ['action', 'tls_version']),
        '| where event_type = "receipt" and action = "Acc" and isBlank(tls_version)',
        whereFilters(direction, account),
        '| count_distinct(aggregate_id)',
      ),
      position: { x: 16, y: 0, width: 8, height: 4 },
    },
    {
      title: 'DLP Events Over Time',
      visualisation: 'line',
      query: q(
        dlp(['messageId'], ['message_id']),
        '| timeslice 1d',
        '| count_distinct(message_id) by _timeslice',
        '| fillmissing timeslice(1d)',
        '| sort by _timeslice asc',
      ),
      labelField: '_timeslice',
      valueField: '_count_distinct',
      position: { x: 0, y: 4, width: 12, height: 8 },
    },
    {
      title: 'Top 10 DLP Policies',
      visualisation: 'bar',
      query: q(dlp([], []), '| count by policy', '| sort by _count', '| limit 10'),
      labelField: 'policy',
      valueField: '_count',
      position: { x: 12, y: 4, width: 12, height: 8 },
    },
    {
      title: 'Recent Messages that Triggered DLP',
      visualisation: 'table',
      query: q(
        dlp(['senderAddress', 'recipientAddress', 'subject', 'action'], ['sender', 'recipient', 'subject', 'action']),
        TIME_COLUMN,
        '| fields time, sender, recipient, subject, policy, action, route',
        '| limit 100',
      ),
      columns: ['time', 'sender', 'recipient', 'subject', 'policy', 'action', 'route'],
      position: { x: 0, y: 12, width: 24, height: 10 },
    },
  ],
};
