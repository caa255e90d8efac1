import { ValidationError } from '../core/errors.js';

/** The largest offset (or page token) a list route takes: far past any list here, well inside a BIGINT. */
export const MAX_PAGE_OFFSET = 1_000_000_000;

/**
 * A paging number from the query string: absent (or empty) is `fallback`; anything but plain decimal digits
 * within [min, max] is refused naming the parameter. A repeated parameter arrives as an array and is refused too.
 */
export function pageNumber(value: unknown, name: string, range: { fallback: number; min: number; max: number }, rule?: string): number {
  if (value === undefined || value === '') return range.fallback;
  const n = typeof value === 'string' && /^[0-9]{1,10}$/.test(value) ? Number(value) : Number.NaN;
  if (!(n >= range.min && n <= range.max)) {
    throw new ValidationError(name, rule ?? `must be an integer from ${range.min} to ${range.max}`);
  }
  return n;
}
