import type { Operator } from './ast.js';
import type { Cursor } from './cursor.js';
import { queryError } from './errors.js';

/**
 * `keyvalue [field=f] [infer] [keys] "k1", "k2" [as a, b] [nodrop]` and `keyvalue [field=f] regex "…" [keys] "k1" …`
 * (`kv` for short; Sumo's keyvalue page). `auto` is refused: its fields are only known per message.
 */
export function parseKeyvalue(c: Cursor): Operator {
  const pos = c.next().pos;
  let field = '_raw';
  if (c.isWord('field') && c.isOp('=', 1)) {
    c.next();
    c.next();
    field = c.expectIdent('the field to read').value.toLowerCase();
  }
  if (c.isWord('auto')) throw queryError(c.peek().pos, 'keyvalue auto is not supported', 'keyvalue "key1", "key2"');
  let regex: { pattern: string; pos: Operator['pos'] } | null = null;
  if (c.acceptWord('regex')) {
    const t = c.expectString('the regular expression in quotes');
    regex = { pattern: t.value, pos: t.pos };
  } else c.acceptWord('infer');
  c.acceptWord('keys');
  const keys: { key: string; name: string }[] = [];
  do {
    const t = c.expectString('a key in quotes');
    // Sumo's rule for a name not given with `as`: every character but a-z, 0-9 and _ becomes _.
    keys.push({ key: t.value, name: t.value.toLowerCase().replace(/[^a-z0-9_]/g, '_') });
  } while (c.acceptOp(','));
  if (c.isWord('as')) {
    const as = c.next();
    const names: string[] = [];
    do names.push(c.expectIdent('a field name').value.toLowerCase());
    while (c.acceptOp(','));
    if (names.length !== keys.length) throw queryError(as.pos, `${keys.length} key(s) but ${names.length} name(s)`, 'a name for each key');
    for (const [i, name] of names.entries()) keys[i].name = name;
  }
  const nodrop = c.acceptWord('nodrop');
  return { op: 'keyvalue', field, keys, regex, nodrop, pos };
}
