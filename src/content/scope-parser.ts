import { AppError } from '../core/errors.js';
import { QueryError } from '../query/errors.js';
import { lex } from '../query/lexer.js';
import { parse } from '../query/parser.js';

/**
 * The query parser's verdict on a data source: in parentheses it must parse as a scope with no operator,
 * and followed by `| count` it must keep exactly that one operator (nothing in it swallowed the rest).
 * Positions in errors are those of the scope as the user typed it.
 */
export function parseScopeExpression(scope: string): void {
  let operators: [number, number];
  try {
    operators = [parse(lex(`(${scope})`)).operators.length, parse(lex(`(${scope}) | count`)).operators.length];
  } catch (error) {
    if (!(error instanceof QueryError)) throw error;
    // A scope is one line, and the parser saw it after the opening parenthesis.
    const column = Math.max(1, error.details.column - 1);
    throw new AppError('searchQueryError', `column ${column}: ${error.reason}`, { details: { ...error.details, column } });
  }
  if (operators[0] !== 0 || operators[1] !== 1) {
    throw new AppError('searchQueryError', 'must be a scope expression, without operators');
  }
}
