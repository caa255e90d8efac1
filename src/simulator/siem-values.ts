import type { Rng } from './random.js';
import { EXTERNAL_LOCALS, INTERNAL_USERS, PUBLIC_IP_POOLS, SUBJECTS, TENANT_DOMAIN } from './vocab.js';

/** Small value makers shared by the SIEM generator. */

export function internalAddress(rng: Rng): string {
  return `${rng.pick(INTERNAL_USERS)}@${TENANT_DOMAIN}`;
}

export function externalAddress(rng: Rng, domain: string): string {
  return `${rng.pick(EXTERNAL_LOCALS)}@${domain}`;
}

export function publicIp(rng: Rng): string {
  return `${rng.weighted(PUBLIC_IP_POOLS).prefix}${rng.between(1, 254)}`;
}

export function privateIp(rng: Rng): string {
  return `10.${rng.between(1, 254)}.${rng.between(0, 255)}.${rng.between(1, 254)}`;
}

export function subject(rng: Rng): string {
  return rng.pick(SUBJECTS).replace('{n}', String(rng.between(100, 9999)));
}

export function spamProcessingDetail(rng: Rng, allowRbl: boolean): unknown {
  const detail = {
    rbl: { allow: allowRbl, info: allowRbl ? '' : 'sip.invaluement.mimecast.org' },
    greyEmail: rng.chance(0.1),
    spf: {
      allow: true,
      info: rng.weighted([
        ['ALLOW', 8],
        ['SOFTFAIL', 1],
        ['NONE', 1],
      ] as const),
    },
    dkim: {
      allow: true,
      info: rng.weighted([
        ['ALLOW', 6],
        ['UNKNOWN', 3],
        ['FAIL', 1],
      ] as const),
    },
    dmarc: {
      allow: true,
      info: rng.weighted([
        ['ALLOW', 7],
        ['NONE', 2],
        ['QUARANTINE', 1],
      ] as const),
    },
    permittedSender: { allow: true, info: 'NONE' },
    managedSender: { allow: true, info: 'UNKNOWN' },
  };
  // All three encodings occur in real feeds: JSON text (most), a nested object, JSON text of JSON text.
  const encoding = rng.weighted([
    ['text', 8],
    ['object', 1],
    ['double', 1],
  ] as const);
  if (encoding === 'object') return detail;
  const text = JSON.stringify(detail);
  return encoding === 'text' ? text : JSON.stringify(text);
}

export function hashes(rng: Rng): { sha256: string; sha1: string; md5: string } {
  return { sha256: rng.hex(64), sha1: rng.hex(40), md5: rng.hex(32) };
}
