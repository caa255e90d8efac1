import { type Pos, posAt, queryError } from './errors.js';

/**
 * `{{name}}` dashboard variables are replaced as text before lexing (as in Sumo Logic), so the result is
 * a query a user can read and run again in the search page. The one rule for every caller (dashboards,
 * the panel endpoint, the compiler's `variables` option): a value is always ONE value and can never change
 * the query around it, whatever a user types in a filter bar. So the value is written for the place the
 * placeholder stands in, which is found with the lexer's own rules (strings, comments, the scope):
 * - inside a "…" string: `\` and `"` escaped;
 * - inside a regular expression after `matches`: `\` and `/` escaped;
 * - inside a '…' string (no escapes exist there): a value holding `'` is refused;
 * - anywhere else: as it is when it is one plain word (`prod/app`, `10.0.0.1`, `1h`), else as a "…" string;
 * - in a comment: left alone.
 * Line breaks become spaces; a value is trimmed; an unset or blank variable is `*` (matches everything).
 * Names are case-insensitive.
 */
export function substituteVariables(text: string, variables: Readonly<Record<string, string>> = {}): string {
  const values = new Map(Object.entries(variables).map(([k, v]) => [k.toLowerCase(), v]));
  const valueAt = (i: number): { value: string; end: number } | undefined => {
    const m = PLACEHOLDER.exec(text.slice(i, i + 200));
    if (!m) return undefined;
    const raw = (values.get(m[1].toLowerCase()) ?? '').replace(/[\r\n]+/g, ' ').trim();
    return { value: raw === '' ? '*' : raw, end: i + m[0].length };
  };

  let out = '';
  let i = 0;
  let inScope = true;
  let context: 'code' | 'double' | 'single' | 'regex' = 'code';
  while (i < text.length) {
    const c = text[i];
    const placeholder = c === '{' && text[i + 1] === '{' ? valueAt(i) : undefined;
    if (placeholder) {
      out += place(placeholder.value, context, inScope, () => posAt(text, i));
      i = placeholder.end;
      continue;
    }
    if (context !== 'code') {
      const closes = (context === 'double' && c === '"') || (context === 'single' && c === "'") || (context === 'regex' && c === '/');
      // The lexer's escapes: `\"` and `\\` in a "…" string, a backslash and any character in a regex.
      const escapes =
        c === '\\' &&
        ((context === 'double' && (text[i + 1] === '"' || text[i + 1] === '\\')) || (context === 'regex' && i + 1 < text.length));
      const step = escapes ? 2 : 1;
      out += text.slice(i, i + step);
      i += step;
      if (closes) context = 'code';
      continue;
    }
    const commentEnd = c === '/' ? commentEndAt(text, i) : -1;
    if (commentEnd >= 0) {
      out += text.slice(i, commentEnd);
      i = commentEnd;
      continue;
    }
    if (c === '|') inScope = false;
    else if (c === '"') context = 'double';
    else if (!inScope && c === "'") context = 'single';
    else if (!inScope && c === '/' && /\bmatches\s*$/i.test(text.slice(Math.max(0, i - 40), i))) context = 'regex';
    out += c;
    i++;
  }
  return out;
}

const PLACEHOLDER = /^\{\{\s*([A-Za-z0-9_.-]+)\s*\}\}/;

/** Where a comment starting at `i` ends (the lexer's rule: `geo://…` is a name, not a comment), or -1. */
function commentEndAt(text: string, i: number): number {
  if (text[i + 1] === '/' && text[i - 1] !== ':') {
    const newline = text.indexOf('\n', i);
    return newline < 0 ? text.length : newline;
  }
  if (text[i + 1] === '*') {
    const close = text.indexOf('*/', i + 2);
    return close < 0 ? text.length : close + 2;
  }
  return -1;
}

/** One word in the scope (the lexer's scope words, without comment markers) or after it (a name, number or duration). */
const PLAIN_IN_SCOPE = /^(?!.*\/[/*])[A-Za-z0-9_.*@:/-]+$/;
const PLAIN_AFTER_SCOPE = /^[A-Za-z0-9_.]+$/;

const quoted = (value: string) => `"${value.replace(/[\\"]/g, (ch) => `\\${ch}`)}"`;

function place(value: string, context: 'code' | 'double' | 'single' | 'regex', inScope: boolean, pos: () => Pos): string {
  switch (context) {
    case 'double':
      return value.replace(/[\\"]/g, (ch) => `\\${ch}`);
    case 'regex':
      return value.replace(/[\\/]/g, (ch) => `\\${ch}`);
    case 'single':
      if (value.includes("'")) throw queryError(pos(), "a variable's value inside a '…' string cannot hold '", 'a value without quotes');
      return value;
    default:
      return (inScope ? PLAIN_IN_SCOPE : PLAIN_AFTER_SCOPE).test(value) ? value : quoted(value);
  }
}
