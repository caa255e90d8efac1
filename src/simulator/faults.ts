import { DATA_TYPES, type DataType } from '../model/message.js';
import { DEFAULT_FAULTS, type FaultConfig } from './options.js';

const RATE_FIELDS = ['errorRate', 'truncateRate', 'failRate'] as const;
type RateFault = (typeof RATE_FIELDS)[number];

/**
 * Checks a partial fault config (from options, the CLI or the admin route) and returns it typed.
 * Throws a RangeError naming the field on anything unknown or out of range.
 */
export function validateFaults(input: unknown, where = 'faults'): Partial<FaultConfig> {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw new RangeError(`${where}: must be an object`);
  }
  const out: Partial<FaultConfig> = {};
  for (const [name, value] of Object.entries(input)) {
    const field = `${where}.${name}`;
    switch (name) {
      case 'wrongCredentials':
      case 'expiredBatchUrls':
      case 'truncatedBatchFiles':
      case 'brokenBatchLines':
        if (typeof value !== 'boolean') throw new RangeError(`${field}: must be true or false`);
        out[name] = value;
        break;
      case 'tokenLifetimeSec':
      case 'rateLimitRequests':
      case 'rateLimitWindowMs':
      case 'delayMs':
        if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
          throw new RangeError(`${field}: must be an integer >= 0`);
        }
        if (name === 'rateLimitWindowMs' && value < 1) throw new RangeError(`${field}: must be an integer >= 1`);
        out[name] = value;
        break;
      case 'errorRate':
      case 'truncateRate':
      case 'failRate':
        if (typeof value !== 'number' || !(value >= 0 && value <= 1)) {
          throw new RangeError(`${field}: must be a number between 0 and 1`);
        }
        out[name] = value;
        break;
      case 'errorStatus':
        if (typeof value !== 'number' || !Number.isInteger(value) || value < 500 || value > 599) {
          throw new RangeError(`${field}: must be an integer between 500 and 599`);
        }
        out[name] = value;
        break;
      case 'forbidden':
        if (!Array.isArray(value) || !value.every((v) => (DATA_TYPES as readonly unknown[]).includes(v))) {
          throw new RangeError(`${field}: must be a list of ${DATA_TYPES.join(', ')}`);
        }
        out.forbidden = [...new Set(value as DataType[])];
        break;
      default:
        throw new RangeError(`${field}: unknown fault (known: ${Object.keys(DEFAULT_FAULTS).join(', ')})`);
    }
  }
  return out;
}

/** Parses the CLI form `name=value,name=value`; lists use `+` (`forbidden=dlp+siem`). */
export function parseFaultList(text: string): Partial<FaultConfig> {
  const raw: Record<string, unknown> = {};
  for (const part of text.split(',')) {
    const item = part.trim();
    if (item === '') continue;
    const eq = item.indexOf('=');
    const name = eq < 0 ? item : item.slice(0, eq);
    const value = eq < 0 ? 'true' : item.slice(eq + 1);
    if (name === 'forbidden') raw[name] = value === '' ? [] : value.split('+');
    else if (value === 'true' || value === 'false') raw[name] = value === 'true';
    else if (value.trim() !== '' && Number.isFinite(Number(value))) raw[name] = Number(value);
    else raw[name] = value;
  }
  return validateFaults(raw, '--faults');
}

/** The live fault configuration plus the counters that make rate faults deterministic. */
export class FaultState {
  private config: FaultConfig;
  private readonly seen: Record<RateFault, number> = { errorRate: 0, truncateRate: 0, failRate: 0 };
  private windowStart = Number.NEGATIVE_INFINITY;
  private windowCount = 0;

  constructor(initial: Partial<FaultConfig> = {}) {
    this.config = { ...DEFAULT_FAULTS, ...validateFaults(initial) };
  }

  get current(): FaultConfig {
    return { ...this.config, forbidden: [...this.config.forbidden] };
  }

  merge(partial: Partial<FaultConfig>): FaultConfig {
    const checked = validateFaults(partial);
    this.config = { ...this.config, ...checked };
    // A new rate starts its own sequence, so "every 4th request from now on" holds after a switch.
    for (const name of RATE_FIELDS) if (name in checked) this.seen[name] = 0;
    if ('rateLimitRequests' in checked || 'rateLimitWindowMs' in checked) this.windowStart = Number.NEGATIVE_INFINITY;
    return this.current;
  }

  /** Whether the next eligible request gets this fault: the k-th is hit when floor(k·r) > floor((k−1)·r). */
  fires(name: RateFault): boolean {
    const rate = this.config[name];
    if (rate <= 0) return false;
    const k = ++this.seen[name];
    return Math.floor(k * rate + 1e-9) > Math.floor((k - 1) * rate + 1e-9);
  }

  /** Counts one request against the fixed-window budget; returns the rate-limit headers' values. */
  takeBudget(now: number): { allowed: boolean; limit: number; remaining: number; resetMs: number } {
    const { rateLimitRequests: limit, rateLimitWindowMs: windowMs } = this.config;
    if (now >= this.windowStart + windowMs || now < this.windowStart) {
      this.windowStart = now;
      this.windowCount = 0;
    }
    const resetMs = Math.max(1, this.windowStart + windowMs - now);
    if (this.windowCount >= limit) return { allowed: false, limit, remaining: 0, resetMs };
    this.windowCount++;
    return { allowed: true, limit, remaining: limit - this.windowCount, resetMs };
  }

  /** Header values without spending budget (token route, errors before the budget check). */
  peekBudget(now: number): { limit: number; remaining: number; resetMs: number } {
    const { rateLimitRequests: limit, rateLimitWindowMs: windowMs } = this.config;
    const fresh = now >= this.windowStart + windowMs || now < this.windowStart;
    return {
      limit,
      remaining: fresh ? limit : Math.max(0, limit - this.windowCount),
      resetMs: fresh ? windowMs : Math.max(1, this.windowStart + windowMs - now),
    };
  }
}
