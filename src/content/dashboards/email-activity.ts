import type { DashboardTemplate } from '../../model/dashboard.js';
import { q, siemEvents, TIME_COLUMN, valuesQuery, variableFilter, whereFilters } from '../query-parts.js';

/** The part of the address in `v0` after its `@`. */
const DOMAIN = "| split v0 delim='@' extract 1 as user, 2 as domain";

const filters = whereFilters(
  variableFilter('direction', 'toLowerCase(direction)'),
  variableFilter('sender_domain', 'toLowerCase(sender)', '*@{{sender_domain}}'),
  variableFilter('recipient_domain', 'toLowerCase(recipients)', '*@{{recipient_domain}}'),
);

/** SIEM events with the fields the dashboard's filters need, plus the panel's own. */
const siem = (fields: string[], names: string[]) =>
  siemEvents([
    ['direction', 'direction'],
    ['senderEnvelope', 'sender'],
    ['recipients', 'recipients'],
    ...fields.map((f, i): [string, string] => [f, names[i]]),
  ]);

/** Received (receipt) and delivered (delivery) senders and recipients located on the map by IP address. */
const geo = (eventType: string, ipPath: string) =>
  q(
    siem([ipPath], ['ip_address']),
    `| where event_type = "${eventType}" and !isBlank(ip_address)`,
    filters,
    '| lookup latitude, longitude, country_code, country_name from geo://location on ip = ip_address',
    '| where !isNull(latitude)',
    '| count by latitude, longitude, country_code, country_name',
  );

export const emailActivity: DashboardTemplate = {
  title: 'Mimecast - Email Activity Summary',
  description: 'Where mail comes from and goes to, what was rejected or held, and how much of it used TLS.',
  variables: [
    { name: 'direction', displayName: 'direction', values: ['inbound', 'outbound', 'internal'] },
    {
      name: 'sender_domain',
      displayName: 'sender_domain',
      valuesQuery: valuesQuery('sender_domain', ['senderEnvelope'], DOMAIN, '| toLowerCase(domain) as sender_domain'),
    },
    {
      name: 'recipient_domain',
      displayName: 'recipient_domain',
      valuesQuery: valuesQuery('recipient_domain', ['recipients'], DOMAIN, '| toLowerCase(domain) as recipient_domain'),
    },
  ],
  panels: [
    {
      title: 'Geo Location of Senders',
      visualisation: 'map',
      query: geo('receipt', 'senderIp'),
      valueField: '_count',
      position: { x: 0, y: 0, width: 12, height: 9 },
    },
    {
      title: 'Geo Location of Recipients',
      visualisation: 'map',
      query: geo('delivery', 'destinationIp'),
      valueField: '_count',
      position: { x: 12, y: 0, width: 12, height: 9 },
    },
    {
      title: 'Rejection Types',
      visualisation: 'pie',
      query: q(
        siem(['rejectionType'], ['rejection_type']),
        '| where event_type = "receipt" and !isBlank(rejection_type)',
        filters,
        '| count by rejection_type',
      ),
      labelField: 'rejection_type',
      valueField: '_count',
      position: { x: 0, y: 9, width: 8, height: 8 },
    },
    {
      title: 'Received Message Status',
      visualisation: 'pie',
      query: q(siem(['action'], ['action']), '| where event_type = "receipt"', filters, '| count by action'),
      labelField: 'action',
      valueField: '_count',
      position: { x: 8, y: 9, width: 8, height: 8 },
    },
    {
      title: 'Delivered Message Direction',
      visualisation: 'pie',
      query: q(siem([], []), '| where event_type = "delivery"', filters, '| count by direction'),
      labelField: 'direction',
      valueField: '_count',
      position: { x: 16, y: 9, width: 8, height: 8 },
    },
    {
      title: 'Received Messages Summary',
      visualisation: 'table',
      query: q(
        siem(['subject', 'senderIp', 'action', 'tlsVersion'], ['subject', 'sender_ip', 'action', 'tls_version']),
        '| where event_type = "receipt"',
        filters,
        TIME_COLUMN,
        '| fields time, sender, recipients, subject, sender_ip, direction, action, tls_version',
        '| limit 100',
      ),
      columns: ['time', 'sender', 'recipients', 'subject', 'sender_ip', 'direction', 'action', 'tls_version'],
      position: { x: 0, y: 17, width: 24, height: 10 },
    },
    {
      title: 'Delivered Messages Summary',
      visualisation: 'table',
      query: q(
        siem(['subject', 'destinationIp', 'delivered', 'tlsUsed'], ['subject', 'destination_ip', 'delivered', 'tls_used']),
        '| where event_type = "delivery"',
        filters,
        TIME_COLUMN,
        '| fields time, sender, recipients, subject, destination_ip, direction, delivered, tls_used',
        '| limit 100',
      ),
      columns: ['time', 'sender', 'recipients', 'subject', 'destination_ip', 'direction', 'delivered', 'tls_used'],
      position: { x: 0, y: 27, width: 24, height: 10 },
    },
    {
      title: 'Top Ciphers',
      visualisation: 'bar',
      query: q(
        siem(['tlsCipher'], ['tls_cipher']),
        '| where event_type in ("receipt", "delivery") and !isBlank(tls_cipher)',
        filters,
        '| count by tls_cipher',
        '| sort by _count',
        '| limit 10',
      ),
      labelField: 'tls_cipher',
      valueField: '_count',
      position: { x: 0, y: 37, width: 12, height: 8 },
    },
    {
      title: 'Domains Not Using TLS',
      visualisation: 'table',
      query: q(
        siem(['tlsUsed', 'tlsVersion'], ['tls_used', 'tls_version']),
        '| where (event_type = "delivery" and tls_used = "No") or (event_type = "receipt" and isBlank(tls_version))',
        filters,
        '| if(event_type = "delivery", recipients, sender) as address',
        '| if(event_type = "delivery", "recipient", "sender") as side',
        "| split address delim='@' extract 1 as user, 2 as domain",
        '| where !isBlank(domain)',
        '| count by domain, side',
        '| sort by _count',
        '| limit 100',
      ),
      columns: ['domain', 'side', '_count'],
      position: { x: 12, y: 37, width: 12, height: 8 },
    },
    {
      title: 'Hold Reasons',
      visualisation: 'bar',
      query: q(
        // Process events (SIEM) and held-message records (hold list) name the reason differently.
        siemEvents([
          ['action', 'action'],
          ['holdReason', 'process_reason'],
          ['reason', 'reason'],
          ['reasonId', 'reason_id'],
          ['direction', 'siem_direction'],
          ['route', 'route'],
          ['senderEnvelope', 'siem_sender'],
          ['from.emailAddress', 'from_address'],
          ['recipients', 'siem_recipients'],
          ['to.emailAddress', 'to_address'],
        ]),
        '| where (event_type = "process" and action = "Hld") or !isNull(reason_id)',
        '| if(event_type = "process", process_reason, reason) as hold_reason',
        '| if(isNull(siem_direction), route, siem_direction) as direction',
        '| if(isNull(siem_sender), from_address, siem_sender) as sender',
        '| if(isNull(siem_recipients), to_address, siem_recipients) as recipients',
        filters,
        '| where !isBlank(hold_reason)',
        '| count by hold_reason',
        '| sort by _count',
        '| limit 10',
      ),
      labelField: 'hold_reason',
      valueField: '_count',
      position: { x: 0, y: 45, width: 24, height: 8 },
    },
  ],
};
