import { API_BUCKET_MS, type ApiRecord, byTime, external, secondsIn, subject, user } from './api-values.js';
import { hash32, mimecastTime, Rng } from './random.js';
import { ATTACHMENTS, HELD_REASONS, PUBLIC_IP_POOLS, URL_CATEGORIES } from './vocab.js';

/**
 * Records of the TTP URL, attachment and impersonation logs, the held-release log and the archive search
 * log, with the fields of docs/mimecast-client.md (from the API's documented answers). Like DLP and audit
 * records they are generated one hour of simulated time at a time from the seed, so a test can list exactly
 * what a window holds.
 */
export type LogKind = 'ttpUrl' | 'ttpAttachment' | 'ttpImpersonation' | 'heldRelease' | 'archiveSearch';

/** Average records per hour of each kind. */
export interface LogVolumes {
  ttpUrlPerHour: number;
  ttpAttachmentPerHour: number;
  ttpImpersonationPerHour: number;
  heldReleasePerHour: number;
  archiveSearchPerHour: number;
}

/** The RNG stream of each kind (1-4 are SIEM, DLP, audit and hold). */
const STREAMS: Record<LogKind, number> = { ttpUrl: 5, ttpAttachment: 6, ttpImpersonation: 7, heldRelease: 8, archiveSearch: 9 };

type Generate = (rng: Rng, time: number) => { key: string; record: Record<string, unknown> };

const messageId = (rng: Rng) => `<${rng.hex(16)}-${rng.between(10000, 999999)}@mail.${rng.pick(['example.net', 'sender.org'])}>`;
const ip = (rng: Rng) => `${rng.weighted(PUBLIC_IP_POOLS).prefix}${rng.between(1, 254)}`;
const route = (rng: Rng) =>
  rng.weighted([
    ['inbound', 80],
    ['outbound', 12],
    ['internal', 8],
  ] as const);

const ttpUrl: Generate = (rng, time) => {
  const malicious = rng.chance(0.15);
  const action = malicious ? 'block' : rng.chance(0.05) ? 'warn' : 'allow';
  const record = {
    userEmailAddress: user(rng),
    fromUserEmailAddress: external(rng),
    url: `https://${rng.pick(['login', 'docs', 'share', 'cdn'])}.${rng.pick(['example.net', 'files.example.org', 'bit.example'])}/${rng.id(10)}`,
    ttpDefinition: 'Default URL Protection Definition',
    subject: subject(rng),
    action,
    adminOverride: 'N/A',
    userOverride: 'None',
    scanResult: malicious ? 'malicious' : 'clean',
    category: malicious ? rng.pick(URL_CATEGORIES) : 'Business',
    sendingIp: ip(rng),
    userAwarenessAction: action === 'warn' ? rng.pick(['continue', 'abandon']) : 'n/a',
    date: mimecastTime(time),
    actions: action === 'block' ? 'Blocked' : 'Allowed',
    route: route(rng),
    creationMethod: 'User Click',
    emailPartsDescription: [rng.pick(['Body', 'Attachment'])],
    messageId: messageId(rng),
    tagMap: {},
  };
  // A click has no id: the message and the clicked URL at that second name it.
  return { key: `${record.messageId}|${record.userEmailAddress}|${record.url}|${time}`, record };
};

const ttpAttachment: Generate = (rng, time) => {
  const [fileName, fileType] = rng.pick(ATTACHMENTS);
  const malicious = fileType === 'exe' || fileType === 'xlsm' ? rng.chance(0.6) : rng.chance(0.05);
  const record = {
    senderAddress: external(rng),
    recipientAddress: user(rng),
    fileName,
    fileType,
    result: malicious ? 'malicious' : 'safe',
    actionTriggered: malicious ? 'user release none, admin release none' : 'none',
    date: mimecastTime(time),
    details: malicious ? 'Malicious behaviour detected in sandbox' : 'Safe',
    route: route(rng),
    messageId: messageId(rng),
    subject: subject(rng),
    fileHash: rng.hex(64),
    definition: 'Default Attachment Protection Definition',
  };
  return { key: `${record.messageId}|${record.fileHash}`, record };
};

const IMPERSONATION_IDENTIFIERS = ['similar_internal_domain', 'newly_observed_domain', 'internal_user_name', 'reply_address_mismatch'];

const ttpImpersonation: Generate = (rng, time) => {
  const hits = rng.between(1, 4);
  const identifiers = IMPERSONATION_IDENTIFIERS.slice(0, hits);
  const id = `MTOKEN:eNo${rng.id(60)}`;
  const malicious = hits >= 3;
  const record = {
    id,
    senderAddress: external(rng),
    recipientAddress: user(rng),
    subject: subject(rng),
    definition: 'Default Impersonation Definition',
    hits,
    identifiers,
    action: malicious ? 'hold' : 'none',
    taggedExternal: rng.chance(0.7),
    taggedMalicious: malicious,
    senderIpAddress: ip(rng),
    eventTime: mimecastTime(time),
    impersonationResults: identifiers.map((impersonationDefinition) => ({
      impersonationDefinition,
      checkerResult: 'hit',
      similarDomain: impersonationDefinition === 'similar_internal_domain' ? 'demo-c0rp.mime-sim.com' : '',
      stringSimilarToDomain: '',
    })),
    messageId: messageId(rng),
  };
  return { key: id, record };
};

const heldRelease: Generate = (rng, time) => {
  const [heldReason, policy] = rng.weighted(HELD_REASONS);
  const rejected = rng.chance(0.2);
  const sender = external(rng);
  const id = `eNpVj${rng.id(90)}`;
  const record = {
    id,
    status: rejected ? 'rejected' : 'released',
    rejectReason: rejected ? 'Message Content Not Acceptable' : '',
    heldReason,
    messageInfo: 'Hold for review',
    operator: { emailAddress: rng.pick(['admin@demo-corp.mime-sim.com', 'sec.ops@demo-corp.mime-sim.com']) },
    fromEnv: { emailAddress: sender },
    fromHdr: { emailAddress: sender },
    to: [{ emailAddress: user(rng) }],
    subject: subject(rng),
    attachments: rng.chance(0.4),
    route: 'inbound',
    size: rng.between(2_000, 3_000_000),
    policy,
    spamScore: rng.between(0, 10),
    detectionLevel: rng.pick(['relaxed', 'moderate', 'aggressive']),
    released: mimecastTime(time),
    spamProcessingDetail: { spf: { verdict: rng.pick(['pass', 'fail', 'neutral']) }, dkim: { verdict: rng.pick(['pass', 'unknown']) } },
  };
  return { key: id, record };
};

const archiveSearch: Generate = (rng, time) => {
  const who = rng.pick(['admin@demo-corp.mime-sim.com', 'legal@demo-corp.mime-sim.com', 'sec.ops@demo-corp.mime-sim.com']);
  const record = {
    createTime: mimecastTime(time),
    emailAddr: who,
    source: rng.pick(['archive', 'message_tracking', 'eDiscovery']),
    searchText: rng.pick(['invoice', 'from:ceo@demo-corp.mime-sim.com', 'password reset', '']),
    searchReason: rng.pick(['Legal hold', 'Incident investigation', '']),
    description: `Searched the archive of ${user(rng)}`,
  };
  // Two searches by one person at one second with the same text are one search.
  return { key: `${who}|${record.createTime}|${record.searchText}|${record.description}`, record };
};

const KINDS: Record<LogKind, [Generate, keyof LogVolumes]> = {
  ttpUrl: [ttpUrl, 'ttpUrlPerHour'],
  ttpAttachment: [ttpAttachment, 'ttpAttachmentPerHour'],
  ttpImpersonation: [ttpImpersonation, 'ttpImpersonationPerHour'],
  heldRelease: [heldRelease, 'heldReleasePerHour'],
  archiveSearch: [archiveSearch, 'archiveSearchPerHour'],
};

function generator(kind: LogKind) {
  const [generate, volume] = KINDS[kind];
  return (config: LogVolumes & { seed: number }, bucket: number): ApiRecord[] => {
    const start = bucket * API_BUCKET_MS;
    const rng = new Rng(hash32(config.seed, STREAMS[kind], bucket));
    const n = rng.count(config[volume]);
    const seen = new Set<string>();
    const out: ApiRecord[] = [];
    for (let i = 0; i < n; i++) {
      const time = secondsIn(rng, start);
      const { key, record } = generate(rng, time);
      // Identical records would be one event to the collector: keep the expected sets exact.
      if (seen.has(key)) continue;
      seen.add(key);
      out.push({ time, key, record });
    }
    return out.sort(byTime);
  };
}

export const LOG_GENERATORS: Record<LogKind, (config: LogVolumes & { seed: number }, bucket: number) => ApiRecord[]> = {
  ttpUrl: generator('ttpUrl'),
  ttpAttachment: generator('ttpAttachment'),
  ttpImpersonation: generator('ttpImpersonation'),
  heldRelease: generator('heldRelease'),
  archiveSearch: generator('archiveSearch'),
};
