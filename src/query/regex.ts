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

/** Validates a user regex with RE2 (so nothing can backtrack exponentially) and numbers its groups. */
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
      out += pattern.slice(i, i + 2);
      i++;
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
    }
    out += ch;
  }
  return { pattern: out, groups };
}

/** `parse "start*middle*end"`: each `*` matches lazily up to the next literal, a trailing `*` to the end. */
export function anchorToRegex(pattern: string): string {
  const parts = pattern.split('*');
  return parts
    .map((p, i) => escapeRegex(p) + (i < parts.length - 1 ? (i === parts.length - 2 && parts[i + 1] === '' ? '(.*)' : '(.*?)') : ''))
    .join('');
}

/** `matches "wild*card"` → a LIKE pattern with `\` as escape. */
export function wildcardToLike(pattern: string): string {
  return pattern.replace(/[\\%_]/g, '\\$&').replace(/\*/g, '%');
}
