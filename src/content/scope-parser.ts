import { AppError } from '../core/errors.js';
import { lex } from '../query/lexer.js';
import { parse } from '../query/parser.js';

/**
 * The query parser's verdict on a data source: in parentheses it must parse as a scope with no operator,
 * and followed by `| count` it must keep exactly that one operator (nothing in it swallowed the rest).
 * Positions in errors are those of the scope as the user typed it.
 */
export function parseScopeExpression(scope: string): void {
  try {
    const alone = parse(lex(`(${scope})`));
    const followed = parse(lex(`(${scope}) | count`));
    if (alone.operators.length !== 0 || followed.operators.length !== 1) {
      throw new AppError('searchQueryError', 'must be a scope expression, without operators');
    }
  } catch (error) {
    if (error instanceof AppError && error.code === 'searchQueryError') {
      const details = error.details as { line?: number; column?: number } | undefined;
      const reason = error.message.replace(/^line \d+, column \d+: /, '');
      const at = details?.column ? `column ${Math.max(1, details.column - 1)}: ` : '';
      throw new AppError('searchQueryError', `${at}${reason}`, { details: error.details });
    }
    throw error;
  }
}
