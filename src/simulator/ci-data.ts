import { API_BUCKET_MS, external, subject, user } from './api-values.js';
import { hash32, Rng } from './random.js';
import { accountId } from './siem-data.js';
import { ATTACHMENTS, PUBLIC_IP_POOLS } from './vocab.js';

/**
 * Cloud Integrated (Mimecast for Microsoft 365) events, the three types the CI batch endpoint lists, with
 * the fields of Elastic's recorded CI batch lines. `urlclick` is spelled as the integrations send it in
 * `type=` (the field notes call it "url protect", which the endpoint does not take).
 */
export const CI_TYPES = ['entities', 'mailflow', 'urlclick'] as const;
export type CiType = (typeof CI_TYPES)[number];

export interface CiEvent {
  time: number;
  type: CiType;
  /** Unique per event: what the expected sets are keyed by. */
  key: string;
  /** The batch-file line, with the Kafka `_offset`/`_partition` the real files carry. */
  line: string;
}

/** The RNG stream (1-9 are the other logs). */
const STREAM = 10;

function event(rng: Rng, seed: number, time: number, type: CiType, offset: number): CiEvent {
  const processingId = `${rng.hex(64)}_${Math.floor(time / 1000)}`;
  const base = {
    _offset: offset,
    _partition: 53,
    accountId: accountId(seed),
    aggregateId: `${rng.id(20)}_${Math.floor(time / 1000)}`,
    messageId: `<${rng.hex(16)}@mail.example.net>`,
    processingId,
    timestamp: time,
    type,
  };
  let data: Record<string, unknown>;
  if (type === 'entities') {
    const threat = rng.chance(0.3);
    data = {
      ...base,
      attachments: rng.chance(0.4) ? [rng.pick(ATTACHMENTS)[0]] : [],
      direction: rng.pick(['INBOUND', 'OUTBOUND', 'INTERNAL']),
      historicalMail: false,
      policiesApplied: [{ action: threat ? 'BLOCK' : 'ALLOW', mode: 'ACTIVE', name: 'Default O365 Mail policy' }],
      recipients: [user(rng)],
      senderEnvelope: external(rng),
      senderHeader: '',
      senderIp: `${rng.weighted(PUBLIC_IP_POOLS).prefix}${rng.between(1, 254)}`,
      source: 'OFFICE_365_MAIL',
      subject: subject(rng),
      subtype: threat ? 'MALWARE' : null,
      tags: threat ? ['MALWARE'] : [],
      threatState: threat ? 'BLOCKED' : 'NONE',
      threatType: threat ? 'MALWARE' : 'NONE',
    };
  } else if (type === 'mailflow') {
    const spf = rng.pick(['pass', 'fail', 'softfail']);
    data = {
      ...base,
      authResults: [
        { aligned: true, result: spf, type: 'SPF' },
        { aligned: false, result: rng.pick(['pass', 'fail']), type: 'DKIM' },
        { aligned: null, result: spf === 'pass' ? 'pass' : 'fail', type: 'DMARC' },
      ],
      subtype: null,
    };
  } else {
    const blocked = rng.chance(0.2);
    data = {
      ...base,
      action: blocked ? 'BLOCK' : 'ALLOW',
      recipients: [user(rng)],
      subtype: null,
      url: `https://${rng.pick(['login', 'docs', 'share'])}.${rng.pick(['example.net', 'files.example.org'])}/${rng.id(10)}`,
      userAwarenessAction: blocked ? 'abandon' : 'n/a',
    };
  }
  return { time, type, key: processingId, line: JSON.stringify(data) };
}

/** The CI events of one hour of simulated time, by time (generated from the seed, so tests can list them). */
export function ciEventsOfHour(seed: number, perHour: number, bucket: number): CiEvent[] {
  const rng = new Rng(hash32(seed, STREAM, bucket));
  const n = rng.count(perHour);
  const out: CiEvent[] = [];
  for (let i = 0; i < n; i++) {
    // Milliseconds, as CI timestamps are: so are the batch-file filters of the collector.
    const time = bucket * API_BUCKET_MS + rng.int(API_BUCKET_MS);
    out.push(event(rng, seed, time, rng.pick(CI_TYPES), bucket * 10_000 + i));
  }
  return out.sort((a, b) => a.time - b.time || (a.key < b.key ? -1 : 1));
}

/** The CI events with from <= time < to. */
export function ciEventsInRange(seed: number, perHour: number, from: number, to: number): CiEvent[] {
  const out: CiEvent[] = [];
  for (let b = Math.floor(from / API_BUCKET_MS); b * API_BUCKET_MS < to; b++) {
    for (const e of ciEventsOfHour(seed, perHour, b)) if (e.time >= from && e.time < to) out.push(e);
  }
  return out;
}
