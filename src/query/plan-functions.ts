import { queryError } from './errors.js';
import { asNumber, asText, type FunctionDef, fn, lit } from './plan-coerce.js';
import type { FnName, PExpr } from './plan-types.js';
import { checkRegex } from './regex.js';

// Sumo Logic's functions beyond the Mimecast apps' own: replace, casts, time units, IP tests and math.

const num = (e: PExpr, pos: Parameters<typeof asNumber>[1], name: string) => asNumber(e, pos, name);
const math1 = (name: FnName): FunctionDef => ({ min: 1, max: 1, build: ([a], _r, _c, pos) => fn(name, [num(a, pos, name)], 'number') });
const test1 = (name: FnName): FunctionDef => ({ min: 1, max: 1, build: ([a]) => fn(name, [asText(a)], 'bool') });
const inline = (n: number): PExpr => ({ k: 'lit', value: n, type: 'number', inline: true });
/** PostgreSQL numbers a pattern's groups from 2 (mc2c_re wraps it) and its replacement reads \1 to \9. */
const MAX_REPLACE_GROUP = 8;

/**
 * A regex replacement in Sumo's form (`$1`, `${name}`, `$0` the whole match; `\$` a dollar, `\\` a backslash,
 * `\n`, `\t`) → pieces: literal text, and group numbers the dialect writes in its own replacement syntax.
 */
function replacementPieces(text: string, groups: { name: string; index: number }[], pos: Parameters<typeof asNumber>[1]): PExpr[] {
  const pieces: PExpr[] = [];
  let literal = '';
  const flush = () => {
    // Both engines read `\\` in a replacement as one backslash.
    if (literal !== '') pieces.push(lit(literal.replace(/\\/g, '\\\\')));
    literal = '';
  };
  const group = (n: number) => {
    if (n > MAX_REPLACE_GROUP)
      throw queryError(pos, `replace can refer to groups $0 to $${MAX_REPLACE_GROUP}, not $${n}`, 'a group from $0 to $8');
    flush();
    pieces.push(inline(n));
  };
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '\\' && i + 1 < text.length) {
      const next = text[++i];
      literal += next === 'n' ? '\n' : next === 't' ? '\t' : next;
      continue;
    }
    const named = /^\$\{([A-Za-z_][A-Za-z0-9_]*)\}/.exec(text.slice(i));
    if (named) {
      const g = groups.find((x) => x.name === named[1].toLowerCase());
      if (!g)
        throw queryError(
          pos,
          `the regular expression has no group named '${named[1]}'`,
          groups.map((x) => x.name).join(', ') || 'a named group',
        );
      group(g.index);
      i += named[0].length - 1;
      continue;
    }
    const numbered = /^\$([0-9])/.exec(text.slice(i));
    if (numbered) {
      group(Number(numbered[1]));
      i++;
      continue;
    }
    literal += ch;
  }
  flush();
  return pieces.length > 0 ? pieces : [lit('')];
}

/** A cast written as a function, as toLong is (plan-expr.ts); `toInt(x)` alone converts x in place (parser.ts). */
const toWhole: FunctionDef = { min: 1, max: 1, build: ([a], _r, _c, pos) => fn('floor', [num(a, pos, 'toInt')], 'number') };

export const SUMO_FUNCTIONS: Record<string, FunctionDef> = {
  replace: {
    min: 3,
    max: 3,
    build: ([s, search, repl], raw, _c, pos) => {
      const pattern = raw[1];
      if (pattern.type !== 'regex') return fn('replace', [asText(s), asText(search), asText(repl)], 'text');
      const checked = checkRegex(pattern.pattern, pattern.pos);
      const replacement = raw[2];
      if (replacement.type !== 'literal' || typeof replacement.value !== 'string')
        throw queryError(replacement.pos, 'the replacement of a regex replace must be a quoted string', '"new-$1"');
      return fn('regexReplace', [asText(s), lit(checked.pattern), ...replacementPieces(replacement.value, checked.groups, pos)], 'text');
    },
  },
  toint: toWhole,
  int: toWhole,
  number: { min: 1, max: 1, build: ([a], _r, _c, pos) => num(a, pos, 'number') },
  todouble: { min: 1, max: 1, build: ([a], _r, _c, pos) => num(a, pos, 'toDouble') },
  // Times are epoch milliseconds here, so these convert units only.
  frommillis: { min: 1, max: 1, build: ([a], _r, _c, pos) => num(a, pos, 'fromMillis') },
  fromseconds: {
    min: 1,
    max: 1,
    build: ([a], _r, _c, pos) => ({ k: 'arith', op: '*', left: num(a, pos, 'fromSeconds'), right: lit(1000) }),
  },
  isvalidipv4: test1('isValidIPv4'),
  isvalidipv6: test1('isValidIPv6'),
  isprivateip: test1('isPrivateIP'),
  ispublicip: test1('isPublicIP'),
  sqrt: math1('sqrt'),
  sin: math1('sin'),
  cos: math1('cos'),
  tan: math1('tan'),
  log: math1('ln'),
  log10: math1('log10'),
  exp: math1('exp'),
  atan2: { min: 2, max: 2, build: ([y, x], _r, _c, pos) => fn('atan2', [num(y, pos, 'atan2'), num(x, pos, 'atan2')], 'number') },
};
