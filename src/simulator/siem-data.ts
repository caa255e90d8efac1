import { hash32, Rng } from './random.js';
import { externalAddress, hashes, internalAddress, privateIp, publicIp, spamProcessingDetail, subject } from './siem-values.js';
import {
  ATTACHMENTS,
  DELIVERY_ROUTES,
  EXTERNAL_DOMAINS,
  HOLD_REASONS_PROCESS,
  REJECTIONS,
  type SiemType,
  TENANT_DOMAIN,
  TLS_CIPHERS,
  URL_CATEGORIES,
  VIRUS_NAMES,
} from './vocab.js';

/** SIEM events are generated one minute of simulated time at a time; every event of a minute lies inside it. */
export const SIEM_BUCKET_MS = 60_000;
/** Batch files cover 15-minute intervals, as Mimecast publishes batches roughly every 15 minutes. */
export const BATCH_INTERVAL_MS = 15 * 60_000;
/** Measured average of events one message produces with the distributions below (used to turn a rate into messages). */
const EVENTS_PER_MESSAGE = 3.0;
const STREAM_SIEM = 1;

export interface SiemEvent {
  time: number;
  type: SiemType;
  subtype: string | null;
  /** Unique per event (its processingId). */
  key: string;
  offset: number;
  partition: number;
  /** Every field except type/subtype and the batch-only _offset/_partition. */
  fields: Record<string, unknown>;
  /** Cached serialisations: the fields once, then each served shape. */
  json?: string;
  stream?: string;
  batch?: string;
}

export interface SiemGeneratorConfig {
  seed: number;
  siemPerHour: number;
}

/** Mail volume follows the working day (UTC): a quiet night, a busy afternoon, average 1. */
function diurnal(ms: number): number {
  const hour = (ms % 86_400_000) / 3_600_000;
  return 1 + 0.6 * Math.sin(((hour - 9) / 24) * 2 * Math.PI);
}

export function accountId(seed: number): string {
  return `CUS${hash32(seed, 77).toString(36).toUpperCase().padStart(7, '0').slice(0, 6)}`;
}

/** Generates the events of one minute, sorted by time. Pure: same config and bucket, same events. */
export function generateSiemBucket(config: SiemGeneratorConfig, bucket: number): SiemEvent[] {
  const start = bucket * SIEM_BUCKET_MS;
  const rng = new Rng(hash32(config.seed, STREAM_SIEM, bucket));
  const perMinute = config.siemPerHour / EVENTS_PER_MESSAGE / 60;
  const messages = rng.count(perMinute * diurnal(start));
  const events: SiemEvent[] = [];
  const account = accountId(config.seed);
  for (let i = 0; i < messages; i++) generateMessage(rng, start, account, events);
  events.sort((a, b) => a.time - b.time);
  for (let i = 0; i < events.length; i++) {
    const event = events[i] as SiemEvent;
    event.offset = bucket * 100_000 + i;
  }
  return events;
}

type Direction = 'Inbound' | 'Outbound' | 'Internal';

function generateMessage(rng: Rng, bucketStart: number, account: string, out: SiemEvent[]): void {
  const direction = rng.weighted<Direction>([
    ['Inbound', 70],
    ['Outbound', 20],
    ['Internal', 10],
  ]);
  let t = bucketStart + rng.int(40_000);
  const seconds = Math.floor(t / 1000);
  const aggregateId = `${rng.id(22)}_${seconds}`;
  const extDomain = rng.pick(EXTERNAL_DOMAINS);
  const sender = direction === 'Inbound' ? externalAddress(rng, extDomain) : internalAddress(rng);
  const recipient = direction === 'Outbound' ? externalAddress(rng, extDomain) : internalAddress(rng);
  const senderDomain = sender.slice(sender.indexOf('@') + 1);
  const senderIp = direction === 'Inbound' ? publicIp(rng) : privateIp(rng);
  const subj = subject(rng);
  const messageId =
    direction === 'Inbound'
      ? `<${rng.hex(16)}-${rng.between(10000, 999999)}@${extDomain}>`
      : `<${rng.between(10_000_000, 99_999_999)}-${t}@usb-mta-${rng.between(1, 60)}.usb.mimecast.lan>`;
  const attachmentCount = rng.weighted([
    [0, 65],
    [1, 25],
    [2, 7],
    [3, 3],
  ] as const);
  const files = Array.from({ length: attachmentCount }, () => rng.pick(ATTACHMENTS));
  const attachmentSizes = files.map(() => rng.between(800, 2_000_000));
  const totalAttachments = attachmentSizes.reduce((a, b) => a + b, 0);
  const emailSize = totalAttachments + rng.between(2_000, 60_000);
  const tlsVersion =
    direction === 'Internal'
      ? ''
      : rng.weighted([
          ['TLSv1.3', 60],
          ['TLSv1.2', 32],
          ['', 8],
        ] as const);
  const tlsCipher = tlsVersion === '' ? '' : rng.pick(TLS_CIPHERS[tlsVersion] as readonly string[]);

  const push = (type: SiemType, subtype: string | null, fields: Record<string, unknown>) => {
    const processingId = `${rng.id(43)}_${seconds}`;
    // Added to the literal the caller built (no copy): key order carries no meaning in Mimecast's feed.
    fields.accountId = account;
    fields.aggregateId = aggregateId;
    fields.processingId = processingId;
    fields.timestamp = t;
    out.push({
      time: t,
      type,
      subtype,
      key: processingId,
      offset: 0,
      partition: 60 + (hash32(seconds, type.length) % 8),
      fields,
    });
  };

  const rejection = direction === 'Inbound' && rng.chance(0.18) ? rng.weighted(REJECTIONS) : null;
  const receiptAction = rejection ? 'Rej' : 'Acc';
  const spamScore = rejection
    ? '0'
    : String(
        rng.weighted([
          [0, 6],
          [rng.between(1, 20), 3],
          [rng.between(21, 60), 1],
        ] as const),
      );
  const virus = rejection?.[4] ? rng.pick(VIRUS_NAMES) : null;
  push('receipt', receiptAction, {
    action: receiptAction,
    senderEnvelope: rejection && rng.chance(0.3) ? null : sender,
    messageId: rejection ? null : messageId,
    subject: rejection ? null : subj,
    recipients: recipient,
    senderIp,
    rejectionType: rejection ? rejection[0] : null,
    rejectionCode: rejection ? rejection[1] : null,
    direction,
    numberAttachments: String(attachmentCount),
    senderHeader: rejection ? null : sender,
    rejectionInfo: rejection ? rejection[2].replace('{ip}', senderIp).replace('{sender}', sender).replace('{domain}', extDomain) : null,
    tlsVersion,
    tlsCipher,
    spamInfo: rejection ? null : '[]',
    spamProcessingDetail: direction === 'Internal' ? null : spamProcessingDetail(rng, rejection?.[0] !== 'IP Found in RBL'),
    virusFound: virus,
    spamScore,
    spamDetectionLevel: rejection ? null : rng.pick(['7', '28', null]),
    receiptErrors: rejection?.[0] === 'Malicious QRCode Detection' ? 'Malicious QRCode detected in email: UrlReputationScan' : null,
  });

  const common = { senderEnvelope: sender, messageId, subject: subj };
  if (rejection) {
    t += rng.between(50, 900);
    if (rejection[3]) {
      push('spam', null, {
        senderEnvelope: sender,
        messageId,
        subject: subj,
        recipients: recipient,
        senderIp,
        senderDomain,
        route: 'Inbound',
        senderHeader: sender,
      });
    }
    if (virus && files.length > 0)
      pushAv(rng, push, common, files[0] as (typeof ATTACHMENTS)[number], virus, recipient, senderIp, senderDomain, emailSize);
    return;
  }

  if (direction === 'Inbound' && rng.chance(0.02)) {
    t += rng.between(100, 800);
    const malicious = rng.chance(0.4);
    push('impersonation protect', 'Hold', {
      senderEnvelope: sender,
      messageId,
      subject: subj,
      action: 'Hold',
      policyDefinition: 'Default Impersonation Definition',
      itemsDetected: String(rng.between(1, 4)),
      taggedMalicious: String(malicious),
      taggedExternal: 'true',
      internalUserName: String(rng.chance(0.5)),
      newDomain: String(rng.chance(0.4)),
      customThreatDictionary: 'false',
      mimecastThreatDictionary: String(rng.chance(0.3)),
      customNameMatch: 'false',
      similarInternalDomain: String(rng.chance(0.3)),
      similarMimecastExternalDomain: 'false',
      similarCustomExternalDomain: 'false',
      replyMismatch: String(rng.chance(0.3)),
      senderIp,
      recipients: recipient,
      route: 'Inbound',
    });
  }

  t += rng.between(200, 3000);
  const processAction = rng.weighted([
    ['Acc', 85],
    ['Hld', 10],
    ['Sdbx', files.length > 0 ? 5 : 0],
  ] as const);
  const holdReason = processAction === 'Hld' ? rng.weighted(HOLD_REASONS_PROCESS) : null;
  push('process', processAction, {
    senderEnvelope: sender,
    messageId,
    subject: subj,
    action: processAction,
    holdReason,
    totalSizeAttachments: String(totalAttachments),
    numberAttachments: String(attachmentCount),
    attachments: files.length > 0 ? files.map((f) => `"${f[0]}"`).join(', ') : null,
    emailSize: String(emailSize),
  });

  if (holdReason === 'Spm') {
    t += rng.between(10, 400);
    push('spam', null, {
      senderEnvelope: sender,
      messageId,
      subject: subj,
      recipients: recipient,
      senderIp,
      senderDomain,
      route: 'Inbound',
      senderHeader: sender,
    });
  }
  if (direction === 'Inbound' && files.length > 0) {
    const file = files[0] as (typeof ATTACHMENTS)[number];
    if (rng.chance(0.03)) pushAv(rng, push, common, file, rng.pick(VIRUS_NAMES), recipient, senderIp, senderDomain, emailSize);
    if (rng.chance(0.2)) {
      t += rng.between(500, 4000);
      push('attachment protect', null, {
        senderEnvelope: sender,
        messageId,
        subject: subj,
        recipient,
        fileName: file[0],
        ...hashes(rng),
        sizeAttachment: String(attachmentSizes[0]),
        senderIp,
        senderDomain,
        fileExtension: file[1],
        fileMime: file[2],
        route: 'inbound',
      });
    }
  }
  if (direction === 'Inbound' && rng.chance(0.04)) {
    t += rng.between(100, 1500);
    push('url protect', 'Block', {
      senderEnvelope: sender,
      messageId,
      subject: subj,
      urlCategory: rng.pick(URL_CATEGORIES),
      action: 'Block',
      url: `https://${rng.pick(['login-verify', 'secure-docs', 'billing-update', 'share-files'])}.${rng.pick(['top', 'xyz', 'info'])}/${rng.id(8)}`,
      sourceIp: senderIp,
      senderDomain,
      route: 'inbound',
      recipients: recipient,
      blockReason: 'malicious',
      analysis: rng.chance(0.5)
        ? 'null'
        : JSON.stringify({
            CredentialTheftEvidence: ['The website uses an unencrypted connection'],
            CredentialTheftTags: ['NO_CERTIFICATE', 'REDIRECTION', 'REMOTE_RESOURCES'],
          }),
    });
  }
  if (direction === 'Internal' && rng.chance(0.08)) {
    t += rng.between(100, 1500);
    const category = rng.pick(URL_CATEGORIES);
    push('internal email protect', null, {
      senderEnvelope: sender,
      messageId,
      subject: subj,
      recipients: recipient,
      urlCategory: category,
      scanResults:
        category === 'Dangerous file extension' ? 'Restricted File Type - Found executable extension: dll' : 'Blocked URL Category',
      route: 'Internal',
      monitoredDomainSource: null,
      similarDomain: null,
    });
  }
  if (direction !== 'Inbound' && rng.chance(0.4)) {
    t += rng.between(50, 500);
    push('journal', null, { senderEnvelope: sender, recipients: recipient, direction });
  }
  if (processAction === 'Hld') return;

  t += rng.between(800, 9000);
  const delivered = rng.chance(0.96);
  const deliveryTls = direction === 'Internal' ? '' : tlsVersion === '' ? 'TLSv1.2' : tlsVersion;
  push('delivery', String(delivered), {
    senderEnvelope: sender,
    messageId,
    subject: subj,
    recipients: recipient,
    delivered: String(delivered),
    destinationIp: direction === 'Outbound' ? publicIp(rng) : `40.107.${rng.between(1, 254)}.${rng.between(1, 254)}`,
    Hostname:
      direction === 'Outbound' ? `mx${rng.between(1, 4)}.${extDomain}` : `${TENANT_DOMAIN.replace(/\./g, '-')}.mail.protection.outlook.com`,
    numberAttachments: String(attachmentCount),
    direction,
    totalSizeAttachments: String(totalAttachments),
    deliveryAttempts: String(delivered ? 1 : rng.between(1, 5)),
    tlsVersion: deliveryTls === '' ? null : deliveryTls,
    tlsCipher: deliveryTls === '' ? null : rng.pick(TLS_CIPHERS[deliveryTls] as readonly string[]),
    emailSize: String(emailSize),
    tlsUsed: deliveryTls === '' ? 'No' : 'Yes',
    route: DELIVERY_ROUTES[direction],
    deliveryErrors: delivered ? null : 'Connection timed out',
    rejectionType: delivered ? null : 'Recipient email address is possibly incorrect',
    rejectionCode: delivered ? null : '550',
    rejectionInfo: delivered ? null : '5.4.1 Recipient address rejected: Access denied.',
    deliveryTime: String(rng.between(300, 15_000)),
  });
}

function pushAv(
  rng: Rng,
  push: (type: SiemType, subtype: string | null, fields: Record<string, unknown>) => void,
  common: Record<string, unknown>,
  file: (typeof ATTACHMENTS)[number],
  virus: string,
  recipient: string,
  senderIp: string,
  senderDomain: string,
  emailSize: number,
): void {
  push('av', null, {
    senderEnvelope: common.senderEnvelope,
    messageId: common.messageId,
    subject: common.subject,
    fileName: file[0],
    fileExtension: file[1],
    ...hashes(rng),
    virusFound: virus,
    senderDomain,
    senderDomainInternal: 'false',
    senderIp,
    recipients: recipient,
    route: 'Inbound',
    emailSize: String(emailSize),
  });
}
