import { EXTRACTED_FIELDS } from '../src/model/message.js';

const DAY = 86_400_000;

/**
 * One row per message from `range(n)`, in the simulator's shapes: kind by i % 20 (receipt 6, delivery 6,
 * process 3, DLP 1, legacy 1, av 1, audit 1, hold 1), so every dashboard of both Mimecast apps reads some.
 * Every value is a pure function of i, so the data is the same on every run.
 */
export function generateSql(n: number, start: number, days: number): string {
  const kind = `CASE WHEN i % 20 < 6 THEN 'receipt' WHEN i % 20 < 12 THEN 'delivery' WHEN i % 20 < 15 THEN 'process' WHEN i % 20 = 15 THEN 'dlp' WHEN i % 20 = 16 THEN 'legacy' WHEN i % 20 = 17 THEN 'av' WHEN i % 20 = 18 THEN 'audit' ELSE 'hold' END`;
  return `
  WITH base AS (
    SELECT i, ${start}::BIGINT + (i * ${days * DAY}::BIGINT) // ${n} AS t, ${kind} AS kind,
      'agg' || (i // 3) AS agg, 'CUSB4A274' AS acct,
      CASE WHEN hash(i) % 10 < 8 THEN 'true' ELSE 'false' END AS delivered,
      CASE WHEN hash(i + 1) % 10 < 2 THEN 'No' ELSE 'Yes' END AS tls_used,
      CASE WHEN hash(i + 2) % 10 < 1 THEN NULL WHEN hash(i + 2) % 10 < 2 THEN '' ELSE 'TLSv1.3' END AS tls_version,
      CASE WHEN hash(i + 3) % 10 < 8 THEN 'Acc' WHEN hash(i + 3) % 10 < 9 THEN 'Rej' ELSE 'Hld' END AS action,
      (['Inbound', 'Outbound', 'Internal'])[1 + (hash(i + 4) % 3)::BIGINT] AS direction,
      -- 20 000 sender and destination addresses, as a tenant's mail sees in a week (and the geo panels look up).
      (hash(ipk) % 223 + 1) || '.' || (hash(ipk + 1) % 256) || '.' || (hash(ipk + 2) % 256) || '.' || (hash(ipk + 3) % 254 + 1) AS ip,
      'user' || (hash(i + 9) % 5000) || '@example' || (hash(i + 10) % 50) || '.com' AS sender,
      'rcpt' || (hash(i + 11) % 20000) || '@corp.example' AS rcpt,
      'Subject line number ' || (hash(i + 12) % 100000) AS subject,
      ([
        'Content Inspection - Watermark', 'Attachment Block', 'PCI Data', 'PII Outbound', 'Source Code',
        'Credentials', 'Confidential Label', 'HIPAA', 'GDPR Export', 'Large Attachment', 'Password Files', 'Financial Report'
      ])[1 + (hash(i + 13) % 12)::BIGINT] AS policy,
      '<' || (i // 2) || '@mail.example>' AS message_id
    FROM (SELECT i, hash(i + 5) % 20000 AS ipk FROM range(${n}) r(i))
  ),
  docs AS (
    SELECT *,
      CASE kind
        WHEN 'receipt' THEN json_object('accountId', acct, 'aggregateId', agg, 'processingId', 'p' || i, 'timestamp', t, 'type', 'receipt', 'eventType', 'receipt',
          'subtype', action, 'action', action, 'senderEnvelope', sender, 'senderIp', ip, 'recipients', rcpt, 'messageId', message_id, 'subject', subject,
          'direction', direction, 'numberAttachments', '0', 'tlsVersion', tls_version, 'tlsCipher', 'TLS_AES_256_GCM_SHA384', 'spamScore', (hash(i) % 30)::VARCHAR)::VARCHAR
        WHEN 'delivery' THEN json_object('accountId', acct, 'aggregateId', agg, 'processingId', 'p' || i, 'timestamp', t, 'type', 'delivery', 'eventType', 'delivery',
          'subtype', delivered, 'delivered', delivered, 'deliveryAttempts', '1', 'destinationIp', ip, 'direction', direction, 'recipients', rcpt,
          'senderEnvelope', sender, 'messageId', message_id, 'subject', subject, 'route', 'Office365', 'tlsUsed', tls_used, 'tlsVersion', tls_version,
          'tlsCipher', 'TLS_AES_256_GCM_SHA384')::VARCHAR
        WHEN 'process' THEN json_object('accountId', acct, 'aggregateId', agg, 'processingId', 'p' || i, 'timestamp', t, 'type', 'process', 'eventType', 'process',
          'action', action, 'holdReason', CASE WHEN action = 'Hld' THEN 'Spm' END, 'senderEnvelope', sender, 'messageId', message_id, 'subject', subject,
          'numberAttachments', '1', 'emailSize', '20480')::VARCHAR
        WHEN 'dlp' THEN json_object('senderAddress', sender, 'recipientAddress', rcpt, 'subject', subject, 'eventTime', strftime(make_timestamp(t * 1000), '%Y-%m-%dT%H:%M:%S+0000'),
          'route', CASE WHEN hash(i) % 2 = 0 THEN 'inbound' ELSE 'outbound' END, 'policy', policy, 'action', CASE WHEN hash(i) % 3 = 0 THEN 'hold' ELSE 'notification' END,
          'messageId', message_id)::VARCHAR
        WHEN 'legacy' THEN json_object('acc', 'ABC123', 'aCode', 'L' || (i // 40), 'Delivered', delivered::BOOLEAN, 'UseTls', tls_used, 'Dir', direction,
          'Rcpt', rcpt, 'datetime', strftime(make_timestamp(t * 1000), '%Y-%m-%dT%H:%M:%S+0000'), 'Route', 'Office365')::VARCHAR
        WHEN 'av' THEN json_object('accountId', acct, 'aggregateId', agg, 'timestamp', t, 'type', 'av', 'eventType', 'av', 'fileName', 'invoice.pdf.exe',
          'fileExtension', 'exe', 'virusFound', 'Trojan.Generic', 'senderEnvelope', sender, 'senderIp', ip, 'recipients', rcpt)::VARCHAR
        WHEN 'audit' THEN json_object('id', 'au' || i, 'auditType', (['Logon Authentication Failed', 'User Logged On', 'Policy Changed', 'Search Executed'])[1 + (hash(i) % 4)::BIGINT],
          'user', sender, 'category', (['authentication_logs', 'account_logs', 'policy_logs'])[1 + (hash(i + 1) % 3)::BIGINT],
          'eventTime', strftime(make_timestamp(t * 1000), '%Y-%m-%dT%H:%M:%S+0000'), 'eventInfo', 'Event number ' || i)::VARCHAR
        ELSE json_object('id', 'ho' || (i // 2), 'reasonCode', (['default_inbound_attachment_protect_definition', 'spam_detection', 'policy_hold'])[1 + (hash(i) % 3)::BIGINT],
          'route', CASE WHEN hash(i + 1) % 2 = 0 THEN 'inbound' ELSE 'outbound' END, 'policyInfo', policy, 'subject', subject,
          'from', json_object('emailAddress', sender, 'displayableName', 'Sender'), 'to', json_object('emailAddress', rcpt, 'displayableName', 'Rcpt'),
          'dateReceived', strftime(make_timestamp(t * 1000), '%Y-%m-%dT%H:%M:%S+0000'))::VARCHAR
      END AS raw
    FROM base
  )
  INSERT INTO messages
  SELECT 'bench', 'k' || i, raw, t, t + 1000, 'Mimecast',
    CASE WHEN kind = 'legacy' THEN 'mimecast_app' ELSE 'Mimecast' END, 'bench-collector',
    CASE WHEN kind = 'dlp' THEN 'dlp' ELSE 'siem' END, 'api.services.mimecast.com', strlen(raw), 'main', '{}',
    ${EXTRACTED_FIELDS.map((_f, k) => `x[${k + 1}]`).join(', ')},
    NULL
  FROM (SELECT *, json_extract_string(raw, [${EXTRACTED_FIELDS.map((f) => `'$."${f.key}"'`).join(', ')}]) AS x FROM docs)
`;
}
