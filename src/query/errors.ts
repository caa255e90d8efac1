import { AppError } from '../core/errors.js';

/** A position in the query text, 1-based, as users count. */
export interface Pos {
  line: number;
  column: number;
  offset: number;
}

export interface QueryErrorDetails {
  line: number;
  column: number;
  expected: string | null;
  [key: string]: unknown;
}

/**
 * Every failure to understand a query: `line L, column C: what went wrong`, with the position and the
 * expectation in `details` so the UI can underline the spot. The message never contains SQL.
 */
export class QueryError extends AppError {
  declare readonly details: QueryErrorDetails;
  /** What went wrong without the position: for a caller that places the text in another frame. */
  readonly reason: string;

  constructor(pos: Pos, reason: string, expected: string | null) {
    super('searchQueryError', `line ${pos.line}, column ${pos.column}: ${reason}`, {
      details: { line: pos.line, column: pos.column, expected },
    });
    this.reason = reason;
  }
}

export function queryError(pos: Pos, message: string, expected?: string): QueryError {
  return new QueryError(pos, expected ? `${message}; expected ${expected}` : message, expected ?? null);
}

export function posAt(text: string, offset: number): Pos {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text[i] === '\n') {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1, offset };
}
