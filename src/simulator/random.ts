/**
 * Seeded randomness. Every bucket of simulated time gets its own generator derived from
 * (seed, stream, bucket), so any slice of time can be generated alone and always comes out the same.
 */

/** Mixes numbers into one 32-bit hash (murmur3 finaliser per part). */
export function hash32(...parts: number[]): number {
  let h = 0x9e3779b9;
  for (const part of parts) {
    // Split so parts beyond 32 bits (bucket indexes, epoch ms) still contribute all their bits.
    const lo = part >>> 0;
    const hi = Math.floor(part / 0x1_0000_0000) >>> 0;
    h = mix(h ^ lo);
    h = mix(h ^ hi);
  }
  return h >>> 0;
}

function mix(value: number): number {
  let h = value;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

const ID_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** mulberry32: small, fast, good enough for synthetic data. */
export class Rng {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** A uniformly distributed unsigned 32-bit integer. */
  u32(): number {
    this.state = (this.state + 0x6d2b79f5) | 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  }

  next(): number {
    return this.u32() / 4294967296;
  }

  int(maxExclusive: number): number {
    return Math.floor(this.next() * maxExclusive);
  }

  between(min: number, maxInclusive: number): number {
    return min + this.int(maxInclusive - min + 1);
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)] as T;
  }

  /** Picks from `[item, weight]` pairs. */
  weighted<T>(items: readonly (readonly [T, number])[]): T {
    let total = 0;
    for (const [, w] of items) total += w;
    let r = this.next() * total;
    for (const [item, w] of items) {
      r -= w;
      if (r < 0) return item;
    }
    return (items[items.length - 1] as readonly [T, number])[0];
  }

  /** Random URL-safe base64 text; five characters per 32-bit draw keeps long ids cheap. */
  id(length: number): string {
    let out = '';
    while (out.length < length) {
      const v = this.u32();
      out +=
        ID_ALPHABET[v & 63]! +
        ID_ALPHABET[(v >>> 6) & 63]! +
        ID_ALPHABET[(v >>> 12) & 63]! +
        ID_ALPHABET[(v >>> 18) & 63]! +
        ID_ALPHABET[(v >>> 24) & 63]!;
    }
    return out.length === length ? out : out.slice(0, length);
  }

  hex(length: number): string {
    let out = '';
    while (out.length < length) out += this.u32().toString(16).padStart(8, '0');
    return out.length === length ? out : out.slice(0, length);
  }

  /** A count whose long-run average is `mean`: the integer part plus one with the fractional probability. */
  count(mean: number): number {
    const whole = Math.floor(mean);
    return whole + (this.next() < mean - whole ? 1 : 0);
  }
}

/** Mimecast's `/api/*` time format: `2024-11-18T05:11:02+0000`. */
export function mimecastTime(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 19)}+0000`;
}
