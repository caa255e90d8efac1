import RE2 from 're2';
import { type Pos, queryError } from './errors.js';

/** Text that reads as a number: compared as a number against another number (see query-language.md). */
export function readsAsNumber(text: string): boolean {
  return /^\s*[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?\s*$/.test(text);
}

export function escapeRegex(text: string): string {
  return text.replace(/[\\^$.*+?()[\]{}|]/g, '\\$&');
}

export interface CheckedRegex {
  /** The pattern as the database's RE2 takes it (named groups written `(?P<name>…)`). */
  pattern: string;
  /** Named groups in order, with their 1-based capture group number. */
  groups: { name: string; index: number }[];
}

/** A character written for both engines: ASCII punctuation escaped, anything else as it is. */
const literalChar = (ch: string) => (/[!-/:-@[-`{-~]/.test(ch) ? `\\${ch}` : ch);

/**
 * Escapes that RE2 takes but PostgreSQL's engine (or DuckDB's, for `\u`) does not, rewritten to what both
 * take: `\Q…\E` as escaped text, `\x{41}` and `\u0041` as the character. Unicode classes (`\pL`) have no
 * equivalent there: refused. Returns the replacement and how many characters of the pattern it stands for.
 */
function portableEscape(pattern: string, i: number, pos: Pos): { text: string; length: number } {
  const rest = pattern.slice(i);
  if (rest.startsWith('\\Q')) {
    const close = rest.indexOf('\\E');
    const body = close < 0 ? rest.slice(2) : rest.slice(2, close);
    return { text: [...body].map(literalChar).join(''), length: close < 0 ? rest.length : close + 2 };
  }
  const hex = /^\\(?:x\{([0-9A-Fa-f]{1,6})\}|u([0-9A-Fa-f]{4}))/.exec(rest);
  if (hex) return { text: literalChar(String.fromCodePoint(Number.parseInt(hex[1] ?? hex[2], 16))), length: hex[0].length };
  if (rest[1] === 'p' || rest[1] === 'P')
    throw queryError(pos, 'Unicode classes (\\p{…}) in a regular expression are not supported', 'a class such as [A-Za-z] or \\w');
  return { text: rest.slice(0, 2), length: 2 };
}

/**
 * Validates a user regex with RE2 (so nothing can backtrack exponentially), numbers its groups and writes it
 * in the subset both databases run the same way, so a query that compiles cannot fail at run time.
 */
export function checkRegex(pattern: string, pos: Pos): CheckedRegex {
  try {
    new RE2(pattern);
  } catch (error) {
    const reason = error instanceof Error ? error.message.replace(/^.*?:\s*/, '') : 'invalid';
    throw queryError(pos, `invalid regular expression (${reason})`, 'an RE2 regular expression');
  }
  const groups: { name: string; index: number }[] = [];
  let out = '';
  let index = 0;
  let inClass = false;
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i];
    if (ch === '\\') {
      const portable = portableEscape(pattern, i, pos);
      out += portable.text;
      i += portable.length - 1;
      continue;
    }
    if (inClass) {
      if (ch === ']') inClass = false;
      out += ch;
      continue;
    }
    if (ch === '[') {
      inClass = true;
      out += ch;
      continue;
    }
    if (ch === '(') {
      const named = /^\(\?P?<([A-Za-z_][A-Za-z0-9_]*)>/.exec(pattern.slice(i));
      if (named) {
        index++;
        groups.push({ name: named[1].toLowerCase(), index });
        out += `(?P<${named[1]}>`;
        i += named[0].length - 1;
        continue;
      }
      if (pattern[i + 1] !== '?') index++;
      // PostgreSQL takes flags only at the very start of the pattern, and has no `U` (ungreedy) flag.
      const flags = /^\(\?(?=[a-zA-Z-])[a-zA-Z]*(?:-[a-zA-Z]*)?[):]/.exec(pattern.slice(i));
      if (flags && (i > 0 || flags[0].endsWith(':') || /[^ims]/.test(flags[0].slice(2, -1))))
        throw queryError(
          pos,
          `the flags ${flags[0]} are supported only as (?i), (?m) or (?s) at the start of the regular expression`,
          '(?i) at the start',
        );
    }
    out += ch;
  }
  return { pattern: out, groups };
}

/**
 * `parse "start*middle*end"`: each `*` matches lazily up to the next literal, a trailing `*` to the end; the
 * literals ignore case, as Sumo's anchor page parses `User=` with `"user=*:"`.
 */
export function anchorToRegex(pattern: string): string {
  const parts = pattern.split('*');
  return (
    '(?i)' +
    parts
      .map((p, i) => escapeRegex(p) + (i < parts.length - 1 ? (i === parts.length - 2 && parts[i + 1] === '' ? '(.*)' : '(.*?)') : ''))
      .join('')
  );
}

/** `matches "wild*card"` → a LIKE pattern with `\` as escape. */
export function wildcardToLike(pattern: string): string {
  return pattern.replace(/[\\%_]/g, '\\$&').replace(/\*/g, '%');
}
