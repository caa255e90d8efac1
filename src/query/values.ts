import { readsAsNumber } from './regex.js';

/** Database values → plain JS values (BIGINT arrives as bigint). */
export function normalizeValue(v: unknown): unknown {
  if (typeof v === 'bigint') return Number.isSafeInteger(Number(v)) ? Number(v) : v.toString();
  if (v instanceof Date) return v.getTime();
  return v;
}

/** The language's ordering: numbers (or text reading as numbers) by value, else text; nulls last. */
export function compareValues(a: unknown, b: unknown): number {
  const an = a === null || a === undefined;
  const bn = b === null || b === undefined;
  if (an || bn) return an === bn ? 0 : an ? 1 : -1;
  const as = String(a);
  const bs = String(b);
  const anum = typeof a === 'number' || readsAsNumber(as);
  const bnum = typeof b === 'number' || readsAsNumber(bs);
  if (anum && bnum) return Number(as) - Number(bs);
  if (anum !== bnum) return anum ? -1 : 1;
  return as < bs ? -1 : as > bs ? 1 : 0;
}

/** As the Search Job API shows values: every one a string (null stays null). */
export function valueToString(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : null;
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}
