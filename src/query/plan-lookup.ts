import type { Operator } from './ast.js';
import type { Pos } from './errors.js';
import { planTableLookup } from './lookup-table.js';
import { asText } from './plan-expr.js';
import type { ExtractContext } from './plan-extract.js';
import type { PExpr } from './plan-types.js';
import { planThreatLookup } from './threat.js';

/** What the lookups read and change of the planner. */
export interface LookupContext extends ExtractContext {
  field(name: string, pos: Pos): PExpr;
  /** Whether an operator (or metadata) made the field: a table lookup's `on` side that is the message's. */
  known(name: string): boolean;
  now: number;
  /** The next geo stage's number: its addresses are looked up before the query runs (sql.ts). */
  nextGeoIndex(): number;
  /** A `lookup *` row's JSON, which fields no operator made are read from. */
  addTableRow(row: PExpr): void;
}

/** The lookup operators: geo (`lookup … from geo://…`, `geoip`), lookup tables and threat intelligence. */
export function planLookup(op: Extract<Operator, { op: 'geo' | 'table' | 'threat' }>, ctx: LookupContext): void {
  switch (op.op) {
    case 'geo': {
      const ip = asText(ctx.field(op.field, op.pos));
      const outputs = op.outputs.map((o) => ({ col: ctx.newColumn(), field: o.field, name: o.name }));
      ctx.addStage({ stage: 'geo', geoIndex: ctx.nextGeoIndex(), ip, outputs, note: `geo lookup on ${op.field}` });
      for (const o of outputs) ctx.setField(o.name, o.col, o.field === 'latitude' || o.field === 'longitude' ? 'number' : 'text');
      return;
    }
    case 'table': {
      const row = planTableLookup(op, ctx.known, ctx.field, ctx);
      if (row) ctx.addTableRow(row);
      return;
    }
    case 'threat':
      planThreatLookup(op, asText(ctx.field(op.field, op.pos)), ctx.now, ctx);
      return;
  }
}
