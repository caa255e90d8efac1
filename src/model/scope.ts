import { ValidationError } from '../core/errors.js';

/** The placeholder that app queries use for the data source chosen at install time. */
export const LOGSRC = '$$logsrc';

const MAX_SCOPE_LENGTH = 2000;

/**
 * Checks that a data source is a scope expression and nothing more, so that substituting it cannot change
 * the rest of a panel's query: no pipe, no comment (which would swallow the closing parenthesis), no line
 * break, no placeholders, balanced parentheses and closed quotes. Returns the trimmed scope.
 * The query parser then checks its syntax (see install.ts).
 */
export function checkScopeShape(scope: string, field = 'dataSourceValues.logsrc'): string {
  const text = scope.trim();
  if (text === '') throw new ValidationError(field, 'must not be empty');
  if (text.length > MAX_SCOPE_LENGTH) throw new ValidationError(field, `must be at most ${MAX_SCOPE_LENGTH} characters`);
  let depth = 0;
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    const at = `column ${i + 1}`;
    if (c === '\n' || c === '\r') throw new ValidationError(field, `must be one line (line break at ${at})`);
    if (quoted) {
      if (c === '\\') i++;
      else if (c === '"') quoted = false;
      continue;
    }
    const pair = text.slice(i, i + 2);
    if (c === '"') quoted = true;
    else if (c === '|') throw new ValidationError(field, `must be a scope expression only: '|' at ${at} starts an operator`);
    // `/*` inside a word is a wildcard path (`_sourceCategory=mimecast/*`), at a word's start a comment.
    else if (pair === '//' || (pair === '/*' && (i === 0 || /[\s(=]/.test(text[i - 1]))))
      throw new ValidationError(field, `must not contain a comment ('${pair}' at ${at})`);
    else if (pair === '{{' || pair === '$$') throw new ValidationError(field, `must not contain a placeholder ('${pair}' at ${at})`);
    else if (c === '(') depth++;
    else if (c === ')' && --depth < 0) throw new ValidationError(field, `has an unmatched ')' at ${at}`);
  }
  if (quoted) throw new ValidationError(field, 'has an unterminated quoted string');
  if (depth > 0) throw new ValidationError(field, "has an unmatched '('");
  return text;
}

/** Puts a checked scope in place of every `$$logsrc`, in parentheses so its ORs stay inside. */
export function substituteLogsrc(query: string, scope: string): string {
  // split/join rather than replace: `$&`, `$1`… in a scope must stay literal text.
  return query.split(LOGSRC).join(`(${scope})`);
}
