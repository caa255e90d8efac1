import type { Expr } from './ast.js';
import { type Pos, queryError } from './errors.js';
import { asText, type FunctionDef, fn, lit } from './plan-coerce.js';
import type { PExpr } from './plan-types.js';

// Sumo Logic's URL and CIDR functions: urlEncode, urlDecode, toUrl, compareCIDRPrefix, getCIDRPrefix and
// maskFromCIDR, built from functions both dialects have (beyond urlEncode and urlDecode).

const inline = (n: number): PExpr => ({ k: 'lit', value: n, type: 'number', inline: true });
const arith = (op: '+' | '*' | '/' | '%', left: PExpr, right: PExpr): PExpr => ({ k: 'arith', op, left, right });

/**
 * The prefix length, as Sumo writes it (`"24"`, a quoted integer; a bare 24 is taken too). It must be known
 * when the query compiles: the divisor 2^(32 − length) is written into the query as a number.
 */
function prefixLength(e: Expr): number {
  const value = e.type === 'literal' ? String(e.value) : '';
  if (!/^[0-9]{1,2}$/.test(value) || Number(value) > 32)
    throw queryError(e.pos, 'the prefix length must be a whole number from 0 to 32, written in the query', '"24"');
  return Number(value);
}

/** A dotted IPv4 address → its 32-bit value (null when a part is not a number; callers test isValidIPv4). */
function ipv4Number(ip: PExpr): PExpr {
  const part = (n: number) => fn('toNumber', [fn('splitPart', [ip, lit('.'), inline(n)], 'text')], 'number');
  return arith(
    '+',
    arith('*', arith('+', arith('*', arith('+', arith('*', part(1), lit(256)), part(2)), lit(256)), part(3)), lit(256)),
    part(4),
  );
}

const IPV4 = /^((25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])\.){3}(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])$/;

/**
 * The address's network: its value divided by 2^(32 − length), rounded down. An address written in the query
 * (`compareCIDRPrefix("10.10.1.32", ip, "27")`, the usual form) is worked out here, so only the field's is in SQL.
 */
function network(ip: PExpr, length: number): PExpr {
  if (ip.k === 'lit' && typeof ip.value === 'string' && IPV4.test(ip.value)) {
    const value = ip.value.split('.').reduce((n, part) => n * 256 + Number(part), 0);
    return lit(Math.floor(value / 2 ** (32 - length)));
  }
  return fn('floor', [arith('/', ipv4Number(ip), lit(2 ** (32 - length)))], 'number');
}

const validIPv4 = (ip: PExpr): PExpr =>
  ip.k === 'lit' && typeof ip.value === 'string' ? lit(IPV4.test(ip.value)) : fn('isValidIPv4', [ip], 'bool');

/** `compareCIDRPrefix(a, b, "27")`: both valid IPv4 addresses and their first 27 bits equal. */
function buildCompare(args: PExpr[], raw: Expr[]): PExpr {
  const length = prefixLength(raw[2]);
  const [a, b] = [asText(args[0]), asText(args[1])];
  const tests = [validIPv4(a), validIPv4(b)].filter((t) => !(t.k === 'lit' && t.value === true));
  if (tests.some((t) => t.k === 'lit')) return lit(false);
  return { k: 'and', args: [...tests, { k: 'cmp', op: '=', left: network(a, length), right: network(b, length), mode: 'number' }] };
}

/** The dotted form of a 32-bit value held by `n`. */
function dotted(n: PExpr): PExpr {
  const octet = (shift: number): PExpr =>
    fn('fixedDecimals', [arith('%', fn('floor', [arith('/', n, lit(2 ** shift))], 'number'), lit(256)), inline(0)], 'text');
  return fn('concat', [octet(24), lit('.'), octet(16), lit('.'), octet(8), lit('.'), octet(0)], 'text');
}

/** `getCIDRPrefix("10.10.1.35", "27")` is "10.10.1.32"; null for anything but a valid IPv4 address. */
function buildPrefix(args: PExpr[], raw: Expr[]): PExpr {
  const length = prefixLength(raw[1]);
  const ip = asText(args[0]);
  const prefix = dotted(arith('*', network(ip, length), lit(2 ** (32 - length))));
  return { k: 'if', cond: fn('isValidIPv4', [ip], 'bool'), whenTrue: prefix, whenFalse: lit(null), type: 'text' };
}

/** `maskFromCIDR("27")` is "255.255.255.224", known when the query compiles. */
function maskFromCidr(raw: Expr[]): PExpr {
  const length = prefixLength(raw[0]);
  const mask = length === 0 ? 0 : (0xffffffff << (32 - length)) >>> 0;
  return lit([24, 16, 8, 0].map((s) => (mask >>> s) & 255).join('.'));
}

/**
 * `toUrl(url, name[, prefix, suffix])`: a link with a short name, as the Markdown text `[prefix name suffix](url)`
 * that Sumo's result tables show as a link. Sumo requires the prefix and the suffix together.
 */
function buildToUrl(args: PExpr[], pos: Pos): PExpr {
  if (args.length === 3) throw queryError(pos, 'toUrl takes a prefix and a suffix together', 'toUrl(url, name, "prefix", "")');
  const [url, name, prefix, suffix] = args.map(asText);
  const label = prefix && suffix ? [prefix, name, suffix] : [name];
  return fn('concat', [lit('['), ...label, lit(']('), url, lit(')')], 'text');
}

export const NET_FUNCTIONS: Record<string, FunctionDef> = {
  urlencode: { min: 1, max: 1, build: ([a]) => fn('urlEncode', [asText(a)], 'text') },
  urldecode: { min: 1, max: 1, build: ([a]) => fn('urlDecode', [asText(a)], 'text') },
  tourl: { min: 2, max: 4, build: (args, _r, _c, pos) => buildToUrl(args, pos) },
  comparecidrprefix: { min: 3, max: 3, build: (args, raw) => buildCompare(args, raw) },
  getcidrprefix: { min: 2, max: 2, build: (args, raw) => buildPrefix(args, raw) },
  maskfromcidr: { min: 1, max: 1, build: (_a, raw) => maskFromCidr(raw) },
};
