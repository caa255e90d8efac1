import type { Subquery } from './ast.js';
import { queryError } from './errors.js';
import type { Token } from './lexer.js';

/**
 * How deep a query may nest (parentheses, `not`, signs, function calls, `? :`, and each operator of a
 * `+ - * / %` chain) and how many terms it may hold (search terms, values, fields). The parser and every
 * later stage recurse once per level, so the depth bounds their stacks; DuckDB refuses expressions deeper
 * than 1000, which the SQL of 100 levels stays well under. The terms bound the size of the plan and SQL.
 */
export const MAX_QUERY_DEPTH = 100;
export const MAX_QUERY_TERMS = 2000;

/** A position in the token list with the small helpers every parser stage uses. */
export class Cursor {
  private i = 0;
  private depth = 0;
  private terms = 0;
  /**
   * Parses `[subquery: … | compose …]` at the cursor, for the scope and for expressions: set by the parser, as
   * the child query needs every operator (parse-subquery.ts).
   */
  subquery: ((c: Cursor) => Subquery) | null = null;
  constructor(private readonly tokens: Token[]) {}

  /** Goes one level deeper at `at`, refused past MAX_QUERY_DEPTH; `ascend` comes back up. */
  descend(at: Token): void {
    if (this.depth >= MAX_QUERY_DEPTH) {
      throw queryError(
        at.pos,
        `the query nests more than ${MAX_QUERY_DEPTH} levels deep`,
        `at most ${MAX_QUERY_DEPTH} nested parentheses, nots, signs, function calls or arithmetic operators`,
      );
    }
    this.depth++;
  }

  ascend(levels = 1): void {
    this.depth -= levels;
  }

  /** Parses one level deeper (a parenthesis, the operand of `not`). */
  nested<T>(at: Token, parse: () => T): T {
    this.descend(at);
    const result = parse();
    this.ascend();
    return result;
  }

  /** Counts one term (a search term, value or field) at `at`, refused past MAX_QUERY_TERMS. */
  term(at: Token): void {
    this.terms++;
    if (this.terms > MAX_QUERY_TERMS) {
      throw queryError(
        at.pos,
        `the query has more than ${MAX_QUERY_TERMS} terms`,
        `at most ${MAX_QUERY_TERMS} search terms, values and fields`,
      );
    }
  }

  peek(ahead = 0): Token {
    return this.tokens[Math.min(this.i + ahead, this.tokens.length - 1)];
  }

  next(): Token {
    const t = this.peek();
    if (this.i < this.tokens.length - 1) this.i++;
    return t;
  }

  /** True when the current token is the keyword `word` (case-insensitive). */
  isWord(word: string, ahead = 0): boolean {
    const t = this.peek(ahead);
    return (t.kind === 'ident' || t.kind === 'word') && !t.quoted && t.value.toLowerCase() === word;
  }

  isOp(op: string, ahead = 0): boolean {
    const t = this.peek(ahead);
    return t.kind === 'op' && t.value === op;
  }

  acceptWord(word: string): boolean {
    if (!this.isWord(word)) return false;
    this.next();
    return true;
  }

  acceptOp(op: string): boolean {
    if (!this.isOp(op)) return false;
    this.next();
    return true;
  }

  expectOp(op: string): Token {
    if (!this.isOp(op)) throw this.unexpected(`'${op}'`);
    return this.next();
  }

  expectWord(word: string): Token {
    if (!this.isWord(word)) throw this.unexpected(`'${word}'`);
    return this.next();
  }

  expectIdent(what = 'a field name'): Token {
    const t = this.peek();
    if (t.kind !== 'ident') throw this.unexpected(what);
    return this.next();
  }

  expectString(what = 'a quoted string'): Token {
    const t = this.peek();
    if (t.kind !== 'string') throw this.unexpected(what);
    return this.next();
  }

  expectInteger(what = 'a whole number'): { value: number; token: Token } {
    const t = this.peek();
    if (t.kind !== 'number' || !/^[0-9]+$/.test(t.value)) throw this.unexpected(what);
    this.next();
    return { value: Number(t.value), token: t };
  }

  /** At a `|`, the end, or the `]` that closes a subquery. */
  atStageEnd(): boolean {
    const k = this.peek().kind;
    return k === 'pipe' || k === 'eof' || this.isOp(']');
  }

  /** At `[subquery`. */
  atSubquery(): boolean {
    return this.isOp('[') && this.isWord('subquery', 1);
  }

  unexpected(expected: string) {
    const t = this.peek();
    const found = t.kind === 'eof' ? 'end of query' : t.kind === 'pipe' ? "'|'" : `'${t.value}'`;
    return queryError(t.pos, `unexpected ${found}`, expected);
  }
}

/** `a, b, c`: one or more field names, lower-cased. */
export function parseNameList(c: Cursor): string[] {
  const names = [c.expectIdent().value.toLowerCase()];
  while (c.acceptOp(',')) names.push(c.expectIdent().value.toLowerCase());
  return names;
}
