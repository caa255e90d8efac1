import { AppError } from '../core/errors.js';

/** A position in the query text, 1-based, as users count. */
export interface Pos {
  line: number;
  column: number;
  offset: number;
}

/**
 * Every failure to understand a query: `line L, column C: what went wrong`, with the expectation in
 * `details` so the UI can underline the spot. The message never contains SQL.
 */
export function queryError(pos: Pos, message: string, expected?: string): AppError {
  const text = expected ? `${message}; expected ${expected}` : message;
  return new AppError('searchQueryError', `line ${pos.line}, column ${pos.column}: ${text}`, {
    details: { line: pos.line, column: pos.column, expected: expected ?? null },
  });
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
