import { queryError } from './errors.js';
import type { Token } from './lexer.js';

/** A position in the token list with the small helpers every parser stage uses. */
export class Cursor {
  private i = 0;
  constructor(private readonly tokens: Token[]) {}

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
    return (t.kind === 'ident' || t.kind === 'word') && t.value.toLowerCase() === word;
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

  atStageEnd(): boolean {
    const k = this.peek().kind;
    return k === 'pipe' || k === 'eof';
  }

  unexpected(expected: string) {
    const t = this.peek();
    const found = t.kind === 'eof' ? 'end of query' : t.kind === 'pipe' ? "'|'" : `'${t.value}'`;
    return queryError(t.pos, `unexpected ${found}`, expected);
  }
}
