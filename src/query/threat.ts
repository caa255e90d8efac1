import type { Operator, ThreatShape } from './ast.js';
import { fn } from './plan-expr.js';
import type { ExtractContext } from './plan-extract.js';
import type { PExpr, ValueType } from './plan-types.js';

/**
 * The fields a threat-intelligence lookup can add, and the column of the store's `threat_indicators` table
 * (store/schema.ts) each one reads. `lookup … from sumo://threat/cs` and `threatip` use the names of Sumo's
 * CrowdStrike table; `threatlookup` those of Sumo's normalized indicators, under `_threatlookup.`.
 */
export interface ThreatColumn {
  column: string;
  type: ValueType;
}

const text = (column: string): ThreatColumn => ({ column, type: 'text' });
const number = (column: string): ThreatColumn => ({ column, type: 'number' });

export const CS_FIELDS: Readonly<Record<string, ThreatColumn>> = {
  type: text('cs_type'),
  actor: text('actors'),
  raw: text('raw'),
  threatlevel: text('threat_level'),
};

/** `threatip x` adds these four (Sumo's threatip page). */
export const THREATIP_FIELDS: Readonly<Record<string, ThreatColumn>> = {
  actor: text('actors'),
  malicious_confidence: text('threat_level'),
  raw_threat: text('raw'),
  type: text('cs_type'),
};

export const THREATLOOKUP_PREFIX = '_threatlookup.';

const NORMALIZED_FIELDS: Readonly<Record<string, ThreatColumn>> = {
  actors: text('actors'),
  confidence: number('confidence'),
  fields: text('fields'),
  id: text('id'),
  imported: number('imported'),
  indicator: text('indicator'),
  kill_chain: text('kill_chain'),
  source: text('source'),
  threat_type: text('threat_type'),
  type: text('type'),
  updated: number('updated'),
  valid_from: number('valid_from'),
  valid_until: number('valid_until'),
};

/** The columns a `threatlookup` adds; `singleIndicator` also gives `num_matches`. */
export function threatlookupFields(shape: ThreatShape): Record<string, ThreatColumn> {
  const fields: Record<string, ThreatColumn> = {};
  for (const [name, col] of Object.entries(NORMALIZED_FIELDS)) fields[`${THREATLOOKUP_PREFIX}${name}`] = col;
  if (shape === 'single') fields[`${THREATLOOKUP_PREFIX}num_matches`] = number('num_matches');
  return fields;
}

function threatColumn(shape: ThreatShape, field: string): ThreatColumn {
  const column = shape === 'cs' ? (CS_FIELDS[field] ?? THREATIP_FIELDS[field]) : threatlookupFields(shape)[field];
  if (!column) throw new Error(`the parser let through the threat field '${field}'`);
  return column;
}

/** Matching ignores case: indicators are stored with a lower-cased `match_key` (store/threat-indicators.ts). */
export function planThreatLookup(op: Extract<Operator, { op: 'threat' }>, key: PExpr, now: number, ctx: ExtractContext): void {
  const outputs = op.outputs.map((o) => ({ ...o, col: ctx.newColumn(), ...threatColumn(op.shape, o.field) }));
  ctx.addStage({
    stage: 'threat',
    key: fn('lower', [key], 'text'),
    now,
    source: op.source,
    single: op.shape !== 'all',
    outputs: outputs.map((o) => ({ col: o.col, column: o.column })),
    note: `threat-intelligence lookup on ${op.field}`,
  });
  for (const o of outputs) ctx.setField(o.name, o.col, o.type);
}
