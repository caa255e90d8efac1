import type { Operator, Subquery } from './ast.js';
import type { Cursor } from './cursor.js';
import { queryError } from './errors.js';
import { parseScope } from './parse-scope.js';

/** Sumo's default and largest `maxresults` of compose (subqueries page). */
export const COMPOSE_DEFAULT_RESULTS = 2500;
export const COMPOSE_MAX_RESULTS = 10_000;

/**
 * `[subquery [from=(…)] [to=(…)]: <scope> | <operators> | compose a, b [maxresults=n] [keywords]]` (the lexer
 * reads the head, parse-scope.ts and the operators the child query).
 */
export function parseSubquery(c: Cursor, parseOperator: (c: Cursor) => Operator): Subquery {
  const open = c.expectOp('[');
  c.expectWord('subquery');
  let from: Subquery['from'] = null;
  let to: Subquery['to'] = null;
  while (c.isWord('from') || c.isWord('to')) {
    const which = c.next().value.toLowerCase();
    c.expectOp('=');
    const t = c.expectString('a time such as (-15m) or (2018/07/08 23:13:36)');
    if (which === 'from') from = { text: t.value, pos: t.pos };
    else to = { text: t.value, pos: t.pos };
  }
  c.expectOp(':');
  return c.nested(open, () => {
    const scope = parseScope(c);
    const operators: Operator[] = [];
    while (c.peek().kind === 'pipe') {
      c.next();
      if (c.isWord('compose')) {
        const sub = parseCompose(c, { query: { scope, operators }, from, to, pos: open.pos });
        c.expectOp(']');
        return sub;
      }
      operators.push(parseOperator(c));
      if (!c.atStageEnd()) throw c.unexpected("'|' or ']'");
    }
    throw queryError(c.peek().pos, 'a subquery ends with | compose and its fields', '| compose field ]');
  });
}

function parseCompose(c: Cursor, head: Pick<Subquery, 'query' | 'from' | 'to' | 'pos'>): Subquery {
  c.next();
  // Sumo's own page writes `compose by index` once: `by` is read as nothing.
  if (c.isWord('by') && c.peek(1).kind === 'ident') c.next();
  const fields: Subquery['fields'] = [];
  do {
    const t = c.expectIdent('a field of the subquery to compose');
    fields.push({ name: t.value.toLowerCase(), pos: t.pos });
  } while (c.acceptOp(','));
  let maxResults = COMPOSE_DEFAULT_RESULTS;
  let keywords: Subquery['keywords'] = null;
  for (;;) {
    if (c.isWord('maxresults') && c.isOp('=', 1)) {
      c.next();
      c.next();
      const n = c.expectInteger('the most rows the subquery returns');
      if (n.value < 1 || n.value > COMPOSE_MAX_RESULTS)
        throw queryError(
          n.token.pos,
          `maxresults must be between 1 and ${COMPOSE_MAX_RESULTS}`,
          `a number from 1 to ${COMPOSE_MAX_RESULTS}`,
        );
      maxResults = n.value;
    } else if (c.isWord('keywords')) keywords = c.next().pos;
    else break;
  }
  return { ...head, fields, maxResults, keywords };
}
