import { DUAL_OCCURRENCE, meetsThreshold, type OccurrenceType, type Trigger } from './monitor.js';

/**
 * The one evaluation rule of a Logs monitor's trigger over one window's result: which series there are,
 * the value each is compared with, and whether a trigger fires or resolves on it. The evaluator
 * (monitors/evaluate.ts) and the monitor form's preview (ui/monitor-form-model.ts) both use it, so the
 * preview marks exactly the windows the evaluator would alert on.
 */

/** One window's result as the search service answers it: messages, or the records of an aggregate. */
export interface WindowRows<Row = Record<string, unknown>> {
  kind: 'messages' | 'records';
  rows: Row[];
  /** The group-by fields of an aggregate. */
  keyFields: string[];
  numericFields: string[];
}

/** A field of a result as the search service describes it. */
export interface ResultFieldInfo {
  name: string;
  fieldType: string;
  keyField: boolean;
}

/** A window's result with its group keys and numeric fields, from the fields the search service answers. */
export function windowRowsOf<Row extends Record<string, unknown>>(
  kind: WindowRows['kind'],
  fields: readonly ResultFieldInfo[],
  rows: Row[],
): WindowRows<Row> {
  return {
    kind,
    rows,
    keyFields: fields.filter((f) => f.keyField).map((f) => f.name),
    numericFields: fields.filter((f) => f.fieldType === 'long' || f.fieldType === 'double').map((f) => f.name),
  };
}

export interface Series<Row = Record<string, unknown>> {
  key: string;
  /** The value compared and told (`{{TriggerValue}}`). */
  value: number;
  /** The data points AtLeastOnce and Always test: one per row of the series (one, the count, for ResultCount). */
  points: number[];
  rows: Row[];
}

export function occurrenceOf(trigger: Trigger): OccurrenceType {
  return trigger.occurrenceType ?? 'ResultCount';
}

/** A trigger's test of a series: its value (ResultCount), any data point (AtLeastOnce) or every one (Always). */
function holds(trigger: Trigger, occurrence: OccurrenceType, series: Series<unknown>, fallback: Trigger['thresholdType']): boolean {
  const meets = (v: number) => meetsThreshold(v, trigger.thresholdType ?? fallback ?? 'GreaterThan', trigger.threshold ?? 0);
  if (occurrence === 'ResultCount') return meets(series.value);
  if (occurrence === 'AtLeastOnce') return series.points.some(meets);
  return series.points.length > 0 && series.points.every(meets);
}

/**
 * AllResults: one series, the result count. AnyTimeSeries over an aggregate: one series per row (group).
 * AtLeastOnce and Always over an aggregate: each row is a data point (a timeslice), and a series is the
 * rows of one group (its keys but `_timeslice`), or every row for AllResults.
 */
export function seriesOf<Row extends Record<string, unknown>>(trigger: Trigger, window: WindowRows<Row>): Series<Row>[] {
  const occurrence = occurrenceOf(trigger);
  if (window.kind === 'messages' || (occurrence === 'ResultCount' && trigger.triggerSource !== 'AnyTimeSeries')) {
    return [{ key: '', value: window.rows.length, points: [window.rows.length], rows: window.rows }];
  }
  const keys = window.keyFields;
  const valueField = trigger.field?.toLowerCase() ?? window.numericFields.find((f) => !keys.includes(f));
  const pointOf = (row: Row) => (valueField === undefined ? Number.NaN : Number(row[valueField]));
  const keyOf = (row: Row, fields: string[]) => fields.map((k) => `${k}=${row[k] ?? ''}`).join(', ');
  if (occurrence === 'ResultCount') {
    return window.rows.map((row) => ({ key: keyOf(row, keys), value: pointOf(row), points: [pointOf(row)], rows: [row] }));
  }
  const groupKeys = trigger.triggerSource === 'AnyTimeSeries' ? keys.filter((k) => k !== '_timeslice') : [];
  const groups = new Map<string, Row[]>();
  for (const row of window.rows) {
    const key = keyOf(row, groupKeys);
    groups.set(key, [...(groups.get(key) ?? []), row]);
  }
  const meets = (v: number) => meetsThreshold(v, trigger.thresholdType ?? 'GreaterThan', trigger.threshold ?? 0);
  return [...groups].map(([key, rows]) => {
    const points = rows.map(pointOf);
    // The value told is the first data point that meets the threshold, else the first one.
    return { key, value: points.find(meets) ?? points[0] ?? 0, points, rows };
  });
}

/** Whether an alerting trigger fires on a series (MissingData: the window holds no result). */
export function fires(trigger: Trigger, series: Series<unknown>): boolean {
  if (trigger.triggerType === 'MissingData') return series.value === 0;
  return holds(trigger, occurrenceOf(trigger), series, 'GreaterThan');
}

/** An open alert closes when its Resolved trigger holds, or (without one) when its own trigger no longer does. */
export function resolves(trigger: Trigger, resolution: Trigger | undefined, series: Series<unknown> | undefined): boolean {
  if (series === undefined) return true;
  if (trigger.triggerType === 'MissingData' || resolution === undefined) return !fires(trigger, series);
  return holds(resolution, resolution.occurrenceType ?? DUAL_OCCURRENCE[occurrenceOf(trigger)], series, 'LessThanOrEqual');
}
