import type { Expr } from './ast.js';
import { type Pos, queryError } from './errors.js';
import { asNumber, asText, type FunctionDef, fn, lit } from './plan-coerce.js';
import type { PExpr } from './plan-types.js';
import { javaToStrftime } from './time-format.js';

// Sumo Logic's format (Java's String.format, the common conversions) and haversine, built from functions
// both dialects already have (beyond fixedDecimals), and parseDate.

/** Sumo's value of the Earth's radius in haversine, in km: its example gives 3,512.71 km. */
const EARTH_RADIUS_KM = 6372.8;
/** Java allows any precision; 20 is format's own documented example and DuckDB's printf handles it. */
const MAX_DECIMALS = 20;

const inline = (n: number): PExpr => ({ k: 'lit', value: n, type: 'number', inline: true });

/**
 * `format("%s : %.2f", a, b)` → concat of its pieces: `%s` text, `%S` upper-case text, `%d` a whole number,
 * `%f`/`%.Nf` fixed decimals (Java's default 6), `%%` and `%n`. Other conversions (`%x`, `%,d`, widths) are
 * refused at the format's position rather than written out wrong.
 */
function buildFormat(args: PExpr[], raw: Expr[]): PExpr {
  const spec = raw[0];
  if (spec.type !== 'literal' || typeof spec.value !== 'string')
    throw queryError(spec.pos, 'the format of format() must be a quoted string', '"%s : %s"');
  const text = spec.value;
  const pieces: PExpr[] = [];
  let literal = '';
  let next = 1;
  const value = (at: number): PExpr => {
    if (next >= args.length)
      throw queryError(spec.pos, `the format needs more values than the ${args.length - 1} given`, 'a value for each %');
    const v = args[next];
    const where = raw[next].pos;
    next++;
    return at === 0 ? v : asNumber(v, where, 'format');
  };
  const push = (e: PExpr) => {
    if (literal !== '') pieces.push(lit(literal));
    literal = '';
    pieces.push(e);
  };
  for (let i = 0; i < text.length; i++) {
    if (text[i] !== '%') {
      literal += text[i];
      continue;
    }
    const m = /^%(?:\.([0-9]+))?([sSdfn%])/.exec(text.slice(i));
    if (!m || (m[1] !== undefined && m[2] !== 'f'))
      throw queryError(spec.pos, `format conversion '${text.slice(i, i + 4)}' is not supported`, '%s, %S, %d, %f, %.2f, %% or %n');
    i += m[0].length - 1;
    const conv = m[2];
    if (conv === '%') literal += '%';
    else if (conv === 'n') literal += '\n';
    else if (conv === 's') push(asText(value(0)));
    else if (conv === 'S') push(fn('upper', [asText(value(0))], 'text'));
    else if (conv === 'd') push(fn('fixedDecimals', [fn('floor', [value(1)], 'number'), inline(0)], 'text'));
    else {
      const decimals = m[1] === undefined ? 6 : Number(m[1]);
      if (decimals > MAX_DECIMALS) throw queryError(spec.pos, `format allows at most ${MAX_DECIMALS} decimals`, '%.2f');
      push(fn('fixedDecimals', [value(1), inline(decimals)], 'text'));
    }
  }
  if (next < args.length)
    throw queryError(raw[next].pos, `the format has ${next - 1} conversion(s) but ${args.length - 1} value(s)`, 'a % for each value');
  if (literal !== '') pieces.push(lit(literal));
  if (pieces.length === 0) return lit('');
  return pieces.length === 1 && pieces[0].k === 'lit' ? pieces[0] : fn('concat', pieces, 'text');
}

const radians = (e: PExpr): PExpr => ({ k: 'arith', op: '*', left: e, right: lit(Math.PI / 180) });
const half = (e: PExpr): PExpr => ({ k: 'arith', op: '/', left: e, right: lit(2) });
const times = (a: PExpr, b: PExpr): PExpr => ({ k: 'arith', op: '*', left: a, right: b });
const minus = (a: PExpr, b: PExpr): PExpr => ({ k: 'arith', op: '-', left: a, right: b });

/** Great-circle distance in km: 2R·atan2(√h, √(1−h)) with h = sin²(Δφ/2) + cos φ1 · cos φ2 · sin²(Δλ/2). */
function buildHaversine(args: PExpr[], pos: Pos): PExpr {
  const [lat1, lon1, lat2, lon2] = args.map((a) => radians(asNumber(a, pos, 'haversine')));
  const sinHalf = (d: PExpr) => {
    const s = fn('sin', [half(d)], 'number');
    return times(s, s);
  };
  const h: PExpr = {
    k: 'arith',
    op: '+',
    left: sinHalf(minus(lat2, lat1)),
    right: times(times(fn('cos', [lat1], 'number'), fn('cos', [lat2], 'number')), sinHalf(minus(lon2, lon1))),
  };
  const angle = fn('atan2', [fn('sqrt', [h], 'number'), fn('sqrt', [minus(lit(1), h)], 'number')], 'number');
  return times(lit(2 * EARTH_RADIUS_KM), angle);
}

/**
 * parseDate reads numbers and separators only: DuckDB's strptime and PostgreSQL's to_timestamp read month and
 * day names, AM/PM and zone offsets differently, so those letters are refused rather than answered two ways.
 */
const PARSE_DATE_LETTERS = /^(yyyy|MM|dd|HH|mm|ss|SSS)$/;

function stringArg(e: Expr | undefined, what: string, example: string): string | null {
  if (!e) return null;
  if (e.type !== 'literal' || typeof e.value !== 'string') throw queryError(e.pos, `the ${what} must be a quoted string`, example);
  return e.value;
}

/** `parseDate("2026-11-20 06:00", "yyyy-MM-dd HH:mm"[, "Europe/Paris"])` → epoch milliseconds, null if it does not read. */
function buildParseDate(args: PExpr[], raw: Expr[], zoneDefault: string): PExpr {
  const format = stringArg(raw[1], 'date format', '"yyyy-MM-dd HH:mm:ss"') as string;
  for (const run of format.replace(/'[^']*'/g, '').match(/([A-Za-z])\1*/g) ?? []) {
    if (!PARSE_DATE_LETTERS.test(run))
      throw queryError(raw[1].pos, `parseDate does not read '${run}'`, 'yyyy, MM, dd, HH, mm, ss and SSS with separators');
  }
  const tz = stringArg(raw[2], 'time zone', '"UTC"') ?? zoneDefault;
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
  } catch {
    throw queryError(raw[2]?.pos ?? raw[0].pos, `unknown time zone '${tz}'`, 'an IANA time zone such as "Europe/Paris"');
  }
  return fn('parseDate', [asText(args[0]), lit(javaToStrftime(format, raw[1].pos)), lit(tz)], 'number');
}

export const FORMAT_FUNCTIONS: Record<string, FunctionDef> = {
  // Sumo allows up to 16 values.
  format: { min: 1, max: 17, build: (args, raw) => buildFormat(args, raw) },
  haversine: { min: 4, max: 4, build: (args, _r, _c, pos) => buildHaversine(args, pos) },
  parsedate: { min: 2, max: 3, build: (args, raw, ctx) => buildParseDate(args, raw, ctx.timeZone) },
};
