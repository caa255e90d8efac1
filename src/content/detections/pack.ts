import { DATA_TYPES } from '../../model/message.js';
import type { MonitorTemplate } from '../../model/monitor.js';
import { q, siemEvents } from '../query-parts.js';
import { countAbove, missingData, perSeriesAtLeast } from './triggers.js';

/**
 * The Mimecast detection pack (docs/detections.md): Sumo's two Mimecast app monitors and monitors for
 * what the public rule sets for Mimecast (Microsoft Sentinel's analytic rules, Elastic's) detect. Each
 * query is written in our language over the fields the Mimecast source collects, the way the apps'
 * panels are: the data source, keywords of the data type, one `json … nodrop`, then `where`.
 */

/** Where the install puts the embargoed countries, as a list of quoted ISO 3166-1 alpha-2 codes. */
export const EMBARGOED = '$$embargoed';

/** The countries under comprehensive US sanctions (OFAC): Cuba, Iran, North Korea, Syria. */
export const DEFAULT_EMBARGOED_COUNTRIES: readonly string[] = ['CU', 'IR', 'KP', 'SY'];

/** The monitors library folder the pack installs into, below the root. */
export const DETECTIONS_FOLDER = 'Mimecast Detections';

/** The last lines of the two geo monitors: the list a user edits in the monitor's query. */
const EMBARGO_FILTER = q('// embargoed countries (ISO 3166-1 alpha-2 codes): edit this list', `| where country_code in (${EMBARGOED})`);

const senderFromEmbargoed: MonitorTemplate = {
  name: 'Mimecast - Sender from Embargoed Geo Locations',
  description:
    'Received messages whose sending IP address is located in an embargoed or sanctioned country (SIEM receipt events, senderIp). Edit the country list in the query.',
  dataTypes: ['siem'],
  query: q(
    siemEvents([
      ['senderIp', 'sender_ip'],
      ['senderEnvelope', 'sender'],
      ['recipients', 'recipients'],
      ['subject', 'subject'],
    ]),
    '| where event_type = "receipt" and !isBlank(sender_ip)',
    '| lookup country_code, country_name from geo://location on ip = sender_ip',
    EMBARGO_FILTER,
  ),
  triggers: countAbove('Critical', 0),
};

const receiverFromEmbargoed: MonitorTemplate = {
  name: 'Mimecast - Receiver from Embargoed Geo Locations',
  description:
    'Messages delivered to a mail server located in an embargoed or sanctioned country (SIEM delivery events, destinationIp), more than 10 in 15 minutes. Edit the country list in the query.',
  dataTypes: ['siem'],
  query: q(
    siemEvents([
      ['destinationIp', 'destination_ip'],
      ['senderEnvelope', 'sender'],
      ['recipients', 'recipients'],
      ['subject', 'subject'],
    ]),
    '| where event_type = "delivery" and !isBlank(destination_ip)',
    '| lookup country_code, country_name from geo://location on ip = destination_ip',
    EMBARGO_FILTER,
  ),
  triggers: countAbove('Critical', 10),
};

const logonFailures: MonitorTemplate = {
  name: 'Mimecast - Repeated Logon Authentication Failures from One Address',
  description:
    'Five or more failed logons (audit "Logon Authentication Failed", the IP address read from eventInfo) from one IP address in 15 minutes: password guessing or a misconfigured client. One alert per address.',
  dataTypes: ['auditEvent'],
  query: q(
    '$$logsrc auditType "Logon Authentication Failed"',
    '| json "id", "auditType", "user", "eventInfo" as id, audit_type, user, event_info nodrop',
    '| where audit_type = "Logon Authentication Failed"',
    '| parse regex field=event_info "IP: (?<ip>[0-9A-Fa-f.:]+)"',
    // An audit record stored twice (a re-collected window) is one failure.
    '| count by id, ip',
    '| count by ip',
  ),
  triggers: perSeriesAtLeast('Critical', '_count', 5),
};

const maliciousClickAllowed: MonitorTemplate = {
  name: 'Mimecast - Malicious URL Click Not Blocked',
  description:
    'A click on a URL that URL Protect scanned as malicious and did not block (TTP URL log: scanResult "malicious", action other than "block"), e.g. a user who continued past a warning.',
  dataTypes: ['ttpUrlLogs'],
  query: q(
    '$$logsrc scanResult',
    '| json "scanResult", "action", "userEmailAddress", "fromUserEmailAddress", "url", "category" as scan_result, action, user, sender, url, category nodrop',
    '| where scan_result = "malicious" and action != "block"',
  ),
  triggers: countAbove('Critical', 0),
};

const unsafeAttachment: MonitorTemplate = {
  name: 'Mimecast - Attachment Protect Result Not Safe',
  description:
    'An attachment that Attachment Protect found other than safe (TTP attachment log: result "malicious", "suspicious", a timeout, …).',
  dataTypes: ['ttpAttachmentLogs'],
  query: q(
    '$$logsrc fileHash',
    '| json "result", "fileName", "fileType", "senderAddress", "recipientAddress", "fileHash" as result, file_name, file_type, sender, recipient, file_hash nodrop',
    '| where !isBlank(result) and result != "safe"',
  ),
  triggers: countAbove('Critical', 0),
};

const maliciousImpersonation: MonitorTemplate = {
  name: 'Mimecast - Impersonation Tagged Malicious',
  description: 'A message Impersonation Protect tagged malicious (TTP impersonation log: taggedMalicious true).',
  dataTypes: ['ttpImpersonationLogs'],
  query: q(
    '$$logsrc taggedMalicious',
    '| json "taggedMalicious", "senderAddress", "recipientAddress", "senderIpAddress", "subject", "action" as tagged_malicious, sender, recipient, sender_ip, subject, action nodrop',
    '| where toString(tagged_malicious) = "true"',
  ),
  triggers: countAbove('Critical', 0),
};

const internalEmailProtect: MonitorTemplate = {
  name: 'Mimecast - Internal Email Protect Hits',
  description:
    'A message between internal users that Internal Email Protect flagged (SIEM "internal email protect" events): a compromised internal account or a threat spreading inside.',
  dataTypes: ['siem'],
  query: q(
    siemEvents([
      ['senderEnvelope', 'sender'],
      ['recipients', 'recipients'],
      ['urlCategory', 'url_category'],
      ['scanResults', 'scan_results'],
      ['subject', 'subject'],
    ]),
    '| where event_type = "internal email protect"',
  ),
  triggers: countAbove('Critical', 0),
};

const virusOnReceipt: MonitorTemplate = {
  name: 'Mimecast - Virus Found on Receipt',
  description: 'A virus found in a received message (SIEM receipt events with virusFound, and av events).',
  dataTypes: ['siem'],
  query: q(
    siemEvents([
      ['virusFound', 'virus_found'],
      ['senderEnvelope', 'sender'],
      ['recipients', 'recipients'],
      ['senderIp', 'sender_ip'],
      ['fileName', 'file_name'],
    ]),
    '| where event_type in ("receipt", "av") and !isBlank(virus_found)',
  ),
  triggers: countAbove('Critical', 0),
};

const dlpHoldOrNotify: MonitorTemplate = {
  name: 'Mimecast - DLP Notification and Hold Actions',
  description: 'Messages a DLP policy held or notified about (DLP log: action "hold" or "notification"). One alert per policy and action.',
  dataTypes: ['dlp'],
  query: q(
    '$$logsrc policy senderAddress',
    '| json "messageId", "action", "policy", "route", "senderAddress", "recipientAddress" as id, action, policy, route, sender, receiver nodrop',
    '| where action in ("notification", "hold")',
    '| count by id, policy, action',
    '| count by policy, action',
  ),
  triggers: perSeriesAtLeast('Warning', '_count', 1),
};

const releasedHighSpam: MonitorTemplate = {
  name: 'Mimecast - Released Message with a High Spam Score',
  description:
    'A held message an operator released although its spam score was 8 or more (held-release log: status "released", spamScore). Edit the score in the query.',
  dataTypes: ['heldReleaseLogs'],
  query: q(
    '$$logsrc heldReason spamScore',
    '| json "status", "spamScore", "heldReason", "operator.emailAddress", "fromEnv.emailAddress", "subject" as status, spam_score, held_reason, operator, sender, subject nodrop',
    '| where status = "released" and num(spam_score) >= 8',
  ),
  triggers: countAbove('Warning', 0),
};

const rejectionSpike: MonitorTemplate = {
  name: 'Mimecast - Spike in Rejections or Holds',
  description:
    'In the last hour at least 20 rejected or held messages (SIEM receipt "Rej", process "Hld"), more than three times the average of the same hour on the 7 days before: an attack wave or a policy change.',
  dataTypes: ['siem'],
  query: q(
    siemEvents([['action', 'action']]),
    '| where (event_type = "receipt" and action = "Rej") or (event_type = "process" and action = "Hld")',
    // compare reads the 7 older windows itself, so the monitor's own range stays the hour (Sumo: at most 24 h).
    '| count',
    '| compare with timeshift 1d 7 avg',
    // A day without any is a window without a row: no history reads as an average of 0.
    '| where _count >= 20 and _count > 3 * if(isNull(_count_7d_avg), 0, _count_7d_avg)',
  ),
  triggers: countAbove('Warning', 0, '-1h'),
};

const collectionHealth: MonitorTemplate = {
  name: 'Mimecast - Collection Health: No Data from a Data Type',
  description:
    'A data type (_sourceName) that delivered data in the last 24 hours but nothing for 60 minutes or more (12 polling intervals of the default 5 minutes; edit the threshold), one alert per data type; and no data at all for 24 hours.',
  dataTypes: DATA_TYPES,
  query: q('$$logsrc', '| max(_receipttime) as last_seen by _sourceName', '| (now() - last_seen) / 60000 as minutes_silent'),
  triggers: [...perSeriesAtLeast('Warning', 'minutes_silent', 60, '-24h'), ...missingData('-24h')],
};

export const MIMECAST_DETECTIONS: readonly MonitorTemplate[] = [
  senderFromEmbargoed,
  receiverFromEmbargoed,
  logonFailures,
  maliciousClickAllowed,
  unsafeAttachment,
  maliciousImpersonation,
  internalEmailProtect,
  virusOnReceipt,
  dlpHoldOrNotify,
  releasedHighSpam,
  rejectionSpike,
  collectionHealth,
];
