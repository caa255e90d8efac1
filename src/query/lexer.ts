import { type Pos, queryError } from './errors.js';

/**
 * Tokens of the query language. The scope (before the first `|`) and the operators after it are lexed
 * differently: in the scope a bare word is a search term that may hold almost any character
 * (`user@example.com`, `fail*`, `10.0.0.1`), after it words are identifiers and numbers.
 */
export type TokenKind = 'word' | 'ident' | 'string' | 'number' | 'regex' | 'op' | 'pipe' | 'eof';

export interface Token {
  kind: TokenKind;
  /** The token's value: unescaped for strings and regexes, the operator text for `op`. */
  value: string;
  pos: Pos;
  /** Offset just after the token, to tell `1d` (adjacent) from `1 d`. */
  end: number;
  /** A field name written `%"…"` or `%a.b[0]`: never a keyword, so `%"as"` names a field. */
  quoted?: boolean;
}

const OPS = ['==', '!=', '<>', '<=', '>=', '=', '<', '>', '(', ')', ',', '+', '-', '*', '/', '%', '!', '?', ':', '[', ']'];

export function lex(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  let inScope = true;
  /**
   * Open `[subquery …: … ]`s, innermost last: the lexing mode of the text around each (restored at its `]`,
   * since the child's own `|` switches to operators) and how many other `[` are open inside it.
   */
  const subqueries: { parentInScope: boolean; brackets: number }[] = [];
  const lineStarts = [0];
  for (let k = 0; k < text.length; k++) if (text[k] === '\n') lineStarts.push(k + 1);
  const pos = (at: number): Pos => {
    let lo = 0;
    let hi = lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (lineStarts[mid] <= at) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: at - lineStarts[lo] + 1, offset: at };
  };

  const readString = (start: number): { value: string; end: number } => {
    let j = start + 1;
    let value = '';
    while (j < text.length && text[j] !== '"') {
      // Only `\"` and `\\` are escapes (as in Sumo Logic): any other backslash reaches the regex or pattern
      // engine intact, so `parse regex "(?<n>\d+)"` runs `\d+`.
      if (text[j] === '\\' && (text[j + 1] === '"' || text[j + 1] === '\\')) {
        value += text[j + 1];
        j += 2;
      } else {
        value += text[j];
        j++;
      }
    }
    if (j >= text.length) throw queryError(pos(start), 'unterminated string', 'a closing "');
    return { value, end: j + 1 };
  };

  while (i < text.length) {
    const c = text[i];
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      i++;
      continue;
    }
    // `geo://location` is a lookup table name, not a comment.
    if (c === '/' && text[i + 1] === '/' && text[i - 1] !== ':') {
      while (i < text.length && text[i] !== '\n') i++;
      continue;
    }
    if (c === '/' && text[i + 1] === '*') {
      const close = text.indexOf('*/', i + 2);
      if (close < 0) throw queryError(pos(i), 'unterminated comment', '*/');
      i = close + 2;
      continue;
    }
    const start = i;
    if (c === '[' && /^\[\s*subquery\b/i.test(text.slice(i, i + 30))) {
      i = lexSubqueryHead(text, i, tokens, pos);
      subqueries.push({ parentInScope: inScope, brackets: 0 });
      inScope = true;
      continue;
    }
    const open = subqueries.at(-1);
    if (open && c === ']' && open.brackets === 0) {
      tokens.push({ kind: 'op', value: ']', pos: pos(start), end: i + 1 });
      inScope = open.parentInScope;
      subqueries.pop();
      i++;
      continue;
    }
    if (open && !inScope && (c === '[' || c === ']')) open.brackets += c === '[' ? 1 : -1;
    if (c === '|') {
      tokens.push({ kind: 'pipe', value: '|', pos: pos(start), end: i + 1 });
      inScope = false;
      i++;
      continue;
    }
    if (c === '"') {
      const s = readString(i);
      tokens.push({ kind: 'string', value: s.value, pos: pos(start), end: s.end });
      i = s.end;
      continue;
    }
    if (inScope) {
      if (c === '(' || c === ')' || c === '=') {
        tokens.push({ kind: 'op', value: c, pos: pos(start), end: i + 1 });
        i++;
        continue;
      }
      if (c === '!' && text[i + 1] === '=') {
        tokens.push({ kind: 'op', value: '!=', pos: pos(start), end: i + 2 });
        i += 2;
        continue;
      }
      // Inside a subquery a `]` ends the child query's scope rather than belonging to a word.
      const stop = open ? /[\s()|="\]]/ : /[\s()|="]/;
      while (i < text.length && !stop.test(text[i]) && !(text[i] === '!' && text[i + 1] === '=')) i++;
      if (i === start) i++;
      tokens.push({ kind: 'word', value: text.slice(start, i), pos: pos(start), end: i });
      continue;
    }
    // `lookup … from /Library/Users/a@b.example/table`: Sumo's bare table path, up to the next space or pipe.
    if (
      c === '/' &&
      /[A-Za-z]/.test(text[i + 1] ?? '') &&
      tokens.at(-1)?.kind === 'ident' &&
      tokens.at(-1)?.value.toLowerCase() === 'from'
    ) {
      let j = i;
      while (j < text.length && !/[\s|]/.test(text[j])) j++;
      tokens.push({ kind: 'string', value: text.slice(i, j), pos: pos(start), end: j });
      i = j;
      continue;
    }
    if (c === '/' && startsRegex(tokens)) {
      let j = i + 1;
      let value = '';
      while (j < text.length && text[j] !== '/') {
        if (text[j] === '\\' && text[j + 1] === '/') {
          value += '/';
          j += 2;
        } else if (text[j] === '\\' && j + 1 < text.length) {
          value += text.slice(j, j + 2);
          j += 2;
        } else {
          value += text[j];
          j++;
        }
      }
      if (j >= text.length) throw queryError(pos(start), 'unterminated regular expression', 'a closing /');
      tokens.push({ kind: 'regex', value, pos: pos(start), end: j + 1 });
      i = j + 1;
      continue;
    }
    if (c === '%' && text[i + 1] === '"') {
      // `%"src ip"`: a field name with any characters (Sumo's quoted field reference).
      const s = readString(i + 1);
      if (s.value === '') throw queryError(pos(start), 'empty field name', 'a field name between %" and "');
      tokens.push({ kind: 'ident', value: s.value, pos: pos(start), end: s.end, quoted: true });
      i = s.end;
      continue;
    }
    if (c === '%' && /[A-Za-z_$]/.test(text[i + 1] ?? '')) {
      // `%a.b[0]`, `%a[*].c`: a field named with brackets, as `json auto` names array items.
      let j = i + 1;
      while (j < text.length && (/[A-Za-z0-9_$.[\]]/.test(text[j]) || (text[j] === '*' && text[j - 1] === '['))) j++;
      tokens.push({ kind: 'ident', value: text.slice(i + 1, j), pos: pos(start), end: j, quoted: true });
      i = j;
      continue;
    }
    if (c === "'") {
      // Single quotes appear in split options (delim='@') and JSON paths; they carry no escapes.
      const close = text.indexOf("'", i + 1);
      if (close < 0) throw queryError(pos(start), 'unterminated string', "a closing '");
      tokens.push({ kind: 'string', value: text.slice(i + 1, close), pos: pos(start), end: close + 1 });
      i = close + 1;
      continue;
    }
    if (/[0-9]/.test(c) || (c === '.' && /[0-9]/.test(text[i + 1] ?? ''))) {
      while (i < text.length && /[0-9]/.test(text[i])) i++;
      if (text[i] === '.' && /[0-9]/.test(text[i + 1] ?? '')) {
        i++;
        while (i < text.length && /[0-9]/.test(text[i])) i++;
      }
      tokens.push({ kind: 'number', value: text.slice(start, i), pos: pos(start), end: i });
      continue;
    }
    if (/[A-Za-z_$]/.test(c)) {
      while (i < text.length && /[A-Za-z0-9_$.]/.test(text[i])) i++;
      tokens.push({ kind: 'ident', value: text.slice(start, i), pos: pos(start), end: i });
      continue;
    }
    const op = OPS.find((o) => text.startsWith(o, i));
    if (!op) throw queryError(pos(start), `unexpected character '${c}'`);
    tokens.push({ kind: 'op', value: op, pos: pos(start), end: i + op.length });
    i += op.length;
  }
  tokens.push({ kind: 'eof', value: '', pos: pos(text.length), end: text.length });
  return tokens;
}

/**
 * `[subquery from=(-15m) to=(2018/07/09 23:13:36):` at `at`: tokens `[`, `subquery`, each option as
 * `from`, `=` and its text as a string (parentheses dropped; an unparenthesised value runs to a space or `:`),
 * and the `:` that starts the child query. Returns the offset after them.
 */
function lexSubqueryHead(text: string, at: number, tokens: Token[], pos: (at: number) => Pos): number {
  tokens.push({ kind: 'op', value: '[', pos: pos(at), end: at + 1 });
  let i = at + 1;
  const skipSpace = () => {
    while (/\s/.test(text[i] ?? '')) i++;
  };
  skipSpace();
  tokens.push({ kind: 'ident', value: text.slice(i, i + 8), pos: pos(i), end: i + 8 });
  i += 8;
  for (;;) {
    skipSpace();
    const option = /^(from|to)\s*=\s*/i.exec(text.slice(i, i + 12));
    if (!option) break;
    tokens.push({ kind: 'ident', value: option[1], pos: pos(i), end: i + option[1].length });
    tokens.push({ kind: 'op', value: '=', pos: pos(i + option[0].indexOf('=')), end: i + option[0].indexOf('=') + 1 });
    i += option[0].length;
    const start = i;
    if (text[i] === '(') {
      const close = text.indexOf(')', i);
      if (close < 0) throw queryError(pos(i), 'unterminated time option', "a closing ')'");
      tokens.push({ kind: 'string', value: text.slice(i + 1, close).trim(), pos: pos(start), end: close + 1 });
      i = close + 1;
    } else {
      while (i < text.length && !/[\s:]/.test(text[i])) i++;
      tokens.push({ kind: 'string', value: text.slice(start, i), pos: pos(start), end: i });
    }
  }
  if (text[i] === ':') {
    tokens.push({ kind: 'op', value: ':', pos: pos(i), end: i + 1 });
    i++;
  }
  return i;
}

/**
 * Where a `/` opens a regular expression rather than dividing: after `matches`, after `parse regex` (and its
 * `field=x`), and where a value must begin (after `(` or `,`, as in `replace(s, /re/, "x")`), since no division
 * can stand there.
 */
function startsRegex(tokens: Token[]): boolean {
  const word = (k: number, w: string) => tokens[tokens.length - k]?.kind === 'ident' && tokens[tokens.length - k].value.toLowerCase() === w;
  const prev = tokens[tokens.length - 1];
  if (!prev) return false;
  if (prev.kind === 'op') return prev.value === '(' || prev.value === ',';
  if (word(1, 'matches') || word(1, 'regex')) return true;
  return word(4, 'regex') && word(3, 'field') && tokens[tokens.length - 2].value === '=';
}
