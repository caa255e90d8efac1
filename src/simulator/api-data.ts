import { API_BUCKET_MS, type ApiRecord, byTime, external, secondsIn, subject, user } from './api-values.js';
import { LOG_GENERATORS, type LogKind, type LogVolumes } from './log-data.js';
import { hash32, mimecastTime, Rng } from './random.js';
import {
  AUDIT_ADMINS,
  AUDIT_TYPES,
  DLP_ACTIONS,
  DLP_POLICIES,
  HELD_REASONS,
  INTERNAL_USERS,
  PUBLIC_IP_POOLS,
  TENANT_DOMAIN,
} from './vocab.js';

export { API_BUCKET_MS, type ApiRecord } from './api-values.js';

/** The longest a message stays in the hold queue; older arrivals are always gone. */
export const MAX_HOLD_MS = 14 * 86_400_000;

const STREAM_DLP = 2;
const STREAM_AUDIT = 3;
const STREAM_HOLD = 4;

export interface ApiGeneratorConfig extends LogVolumes {
  seed: number;
  dlpPerHour: number;
  auditPerHour: number;
  holdPerHour: number;
}

export function generateDlpBucket(config: ApiGeneratorConfig, bucket: number): ApiRecord[] {
  const start = bucket * API_BUCKET_MS;
  const rng = new Rng(hash32(config.seed, STREAM_DLP, bucket));
  const n = rng.count(config.dlpPerHour);
  const out: ApiRecord[] = [];
  for (let i = 0; i < n; i++) {
    const time = secondsIn(rng, start);
    const route = rng.weighted([
      ['outbound', 60],
      ['inbound', 25],
      ['internal', 15],
    ] as const);
    const bounce = route === 'inbound' && rng.chance(0.2);
    const senderAddress = bounce ? '<>' : route === 'inbound' ? external(rng) : user(rng);
    const recipientAddress = route === 'outbound' ? external(rng) : user(rng);
    const messageId = `<${rng.hex(16)}-${rng.between(10000, 999999)}@hapi.b41.one>`;
    const policy = rng.weighted(DLP_POLICIES);
    const base = {
      senderAddress,
      recipientAddress,
      subject: bounce ? 'Undelivered Mail Returned to Sender' : subject(rng),
      eventTime: mimecastTime(time),
      route,
      policy,
    };
    const action = rng.weighted(DLP_ACTIONS);
    out.push({ time, key: `${messageId}|${action}`, record: { ...base, action, messageId } });
    // A hold is often logged together with the notification it triggered: same message, same second.
    if (action === 'hold' && rng.chance(0.3)) {
      out.push({ time, key: `${messageId}|notification`, record: { ...base, action: 'notification', messageId } });
    }
  }
  return out.sort(byTime);
}

export function generateAuditBucket(config: ApiGeneratorConfig, bucket: number): ApiRecord[] {
  const start = bucket * API_BUCKET_MS;
  const rng = new Rng(hash32(config.seed, STREAM_AUDIT, bucket));
  const n = rng.count(config.auditPerHour);
  const out: ApiRecord[] = [];
  for (let i = 0; i < n; i++) {
    const time = secondsIn(rng, start);
    const [auditType, category, template] = rng.weighted(AUDIT_TYPES);
    const who = auditType.startsWith('Log') || auditType === 'User Logged On' ? user(rng) : rng.pick(AUDIT_ADMINS);
    const iso = new Date(time).toISOString();
    const ip = `${rng.weighted(PUBLIC_IP_POOLS).prefix}${rng.between(1, 254)}`;
    const eventInfo = template
      .replace('{user}', who)
      .replace('{date}', iso.slice(0, 10))
      .replace('{time}', `${iso.slice(11, 19)}+0000`)
      .replace('{ip}', ip)
      .replace('{stamp}', iso.replace(/\D/g, '').slice(0, 17));
    const id = `eNq${rng.id(80)}`;
    out.push({ time, key: id, record: { id, auditType, user: who, eventTime: mimecastTime(time), eventInfo, category } });
  }
  return out.sort(byTime);
}

function snake(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_|_$/g, '');
}

export function generateHoldBucket(config: ApiGeneratorConfig, bucket: number): ApiRecord[] {
  const start = bucket * API_BUCKET_MS;
  const rng = new Rng(hash32(config.seed, STREAM_HOLD, bucket));
  const n = rng.count(config.holdPerHour);
  const out: ApiRecord[] = [];
  for (let i = 0; i < n; i++) {
    const time = secondsIn(rng, start);
    // Most holds are dealt with within hours, some wait days, a few sit until they expire.
    const held = rng.weighted([
      [rng.between(5 * 60_000, 6 * 3_600_000), 60],
      [rng.between(6 * 3_600_000, 48 * 3_600_000), 30],
      [rng.between(3 * 86_400_000, MAX_HOLD_MS - 1), 10],
    ] as const);
    const [reason, policyInfo] = rng.weighted(HELD_REASONS);
    const fromAddress = external(rng);
    const toUser = rng.pick(INTERNAL_USERS);
    const id = `eNpVz${rng.id(120)}`;
    out.push({
      time,
      key: id,
      until: time + held,
      record: {
        id,
        reason,
        reasonId: snake(reason).toUpperCase(),
        reasonCode: snake(reason),
        from: { emailAddress: fromAddress, displayableName: '' },
        fromHeader: { emailAddress: fromAddress, displayableName: '' },
        to: { emailAddress: `${toUser}@${TENANT_DOMAIN}`, displayableName: toUser.replace('.', ' ') },
        subject: subject(rng),
        route: 'INBOUND',
        hasAttachments: rng.chance(0.35),
        size: rng.between(2_000, 3_000_000),
        dateReceived: mimecastTime(time),
        policyInfo,
      },
    });
  }
  return out.sort(byTime);
}

export type ApiDataKind = 'dlp' | 'audit' | 'hold' | LogKind;

const GENERATORS: Record<ApiDataKind, (config: ApiGeneratorConfig, bucket: number) => ApiRecord[]> = {
  dlp: generateDlpBucket,
  audit: generateAuditBucket,
  hold: generateHoldBucket,
  ...LOG_GENERATORS,
};

/** Caches generated hours per kind, bounded by the number of records held. */
export class ApiDataCache {
  private readonly buckets = new Map<string, ApiRecord[]>();
  private held = 0;

  constructor(
    private readonly config: ApiGeneratorConfig,
    private readonly maxRecords = 1_000_000,
  ) {}

  bucket(kind: ApiDataKind, index: number): ApiRecord[] {
    const cacheKey = `${kind}:${index}`;
    const hit = this.buckets.get(cacheKey);
    if (hit) return hit;
    const records = GENERATORS[kind](this.config, index);
    this.buckets.set(cacheKey, records);
    this.held += records.length;
    while (this.held > this.maxRecords && this.buckets.size > 1) {
      const [oldest, old] = this.buckets.entries().next().value as [string, ApiRecord[]];
      this.buckets.delete(oldest);
      this.held -= old.length;
    }
    return records;
  }

  /** Records of `kind` with from ≤ time < to, oldest first. */
  range(kind: ApiDataKind, from: number, to: number): ApiRecord[] {
    const out: ApiRecord[] = [];
    if (to <= from) return out;
    const last = Math.floor((to - 1) / API_BUCKET_MS);
    for (let b = Math.floor(from / API_BUCKET_MS); b <= last; b++) {
      for (const r of this.bucket(kind, b)) if (r.time >= from && r.time < to) out.push(r);
    }
    return out;
  }

  /** Messages in the hold queue at `at` that arrived in [from, to), oldest first. */
  heldAt(at: number, from: number, to: number): ApiRecord[] {
    const lo = Math.max(from, at - MAX_HOLD_MS);
    const hi = Math.min(to, at + 1);
    return this.range('hold', lo, hi).filter((r) => r.time <= at && (r.until ?? 0) > at);
  }
}
