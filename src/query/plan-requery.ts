import { jsonPath } from './json-path.js';
import { fn, lit } from './plan-expr.js';
import type { OutputField, PExpr, PostStage, SqlStage, ValueType } from './plan-types.js';

/** The column of each row's JSON object (keys the lower-cased field names) in a requery's input. */
const ROW_JSON: PExpr = { k: 'col', col: 'row_json', type: 'text' };

/** Reads one field of the post stages' rows back in SQL, with the type it had. */
export function rowField(name: string, type: ValueType): PExpr {
  const text = fn('jsonText', [ROW_JSON, lit(jsonPath([{ key: name }]))], 'text');
  if (type === 'number') return fn('toNumber', [text], 'number');
  if (type === 'bool') return { k: 'cmp', op: '=', left: text, right: lit('true'), mode: 'text' };
  return text;
}

/**
 * The fields the rows have after the post stages since the last SQL: a transpose makes its row fields and the
 * named columns (and, with `*` or no `as`, columns known only when it runs: `dynamic`); `fields` keeps or drops.
 */
export function fieldsAfterPost(
  fields: OutputField[],
  post: PostStage[],
): { fields: OutputField[]; dynamic: boolean; valueType: ValueType } {
  let out = fields;
  let dynamic = false;
  let valueType: ValueType = 'text';
  for (const stage of post) {
    if (stage.stage === 'transpose') {
      const type = out.find((f) => stage.valueFields[0] === f.name)?.type ?? 'text';
      valueType = type;
      const row = stage.row.map((name) => out.find((f) => f.name === name) ?? { name, col: '', type: 'text' as const, key: true });
      out = [...row, ...stage.outputs.map((name) => ({ name, col: '', type, key: false }))];
      dynamic = stage.rest;
    } else if (stage.stage === 'fields') {
      const names = new Set(stage.names);
      out = out.filter((f) => names.has(f.name) !== stage.remove);
      // `fields a, b` names every field there is; `fields - x` leaves the unknown columns.
      if (!stage.remove) dynamic = false;
    }
  }
  return { fields: out, dynamic, valueType };
}

/**
 * `fields a, b` keeps those (in that order), `fields - a, b` drops them; `other` makes a field no operator
 * made (after `cat` or `lookup *`: a table row's column).
 */
export function keepFields(
  fields: Map<string, OutputField>,
  names: string[],
  remove: boolean,
  other: ((name: string) => OutputField) | null = null,
): Map<string, OutputField> {
  if (remove) return new Map([...fields].filter(([n]) => !names.includes(n)));
  return new Map(
    names.flatMap((n) => {
      // Called once per name: the fallback adds a stage that reads the field.
      const f = fields.get(n) ?? other?.(n);
      return f ? [[n, f] as const] : [];
    }),
  );
}

/**
 * The first stages of a requery: the rows the post stages made, from a JSON parameter bound when they exist
 * (`row_n` their order, `row_json` each row), then each known field as a typed column again.
 */
export function requeryInput(fields: OutputField[], newColumn: () => string): { stages: SqlStage[]; fields: OutputField[]; order: PExpr } {
  const read = fields.map((f) => ({ ...f, col: newColumn(), expr: rowField(f.name, f.type) }));
  const stages: SqlStage[] = [{ stage: 'rows', note: 'the rows of fillmissing or transpose' }];
  if (read.length > 0)
    stages.push({ stage: 'extend', columns: read.map((f) => ({ col: f.col, expr: f.expr })), filter: null, note: 'fields' });
  return {
    stages,
    fields: read.map(({ expr: _e, ...f }) => f),
    order: { k: 'col', col: 'row_n', type: 'number' },
  };
}
