import type { Trigger } from '../../model/monitor.js';

/** The trigger shapes the detection pack uses, in Sumo's `triggers` form. */

type Level = 'Critical' | 'Warning';

/** Fires while the result count (messages, or rows of an aggregate) is above `threshold`; resolves at or below it. */
export function countAbove(level: Level, threshold: number, timeRange = '-15m'): Trigger[] {
  const common = {
    detectionMethod: 'StaticCondition' as const,
    timeRange,
    occurrenceType: 'ResultCount' as const,
    triggerSource: 'AllResults' as const,
  };
  return [
    { ...common, triggerType: level, threshold, thresholdType: 'GreaterThan' },
    { ...common, triggerType: `Resolved${level}`, threshold, thresholdType: 'LessThanOrEqual' },
  ];
}

/** One alert per row of an aggregate (its group), while the row's `field` is at least `threshold`. */
export function perSeriesAtLeast(level: Level, field: string, threshold: number, timeRange = '-15m'): Trigger[] {
  const common = {
    detectionMethod: 'StaticCondition' as const,
    timeRange,
    occurrenceType: 'ResultCount' as const,
    triggerSource: 'AnyTimeSeries' as const,
    field,
  };
  return [
    { ...common, triggerType: level, threshold, thresholdType: 'GreaterThanOrEqual' },
    { ...common, triggerType: `Resolved${level}`, threshold, thresholdType: 'LessThan' },
  ];
}

/** Fires when the window holds no result at all. */
export function missingData(timeRange: string): Trigger[] {
  return [
    { detectionMethod: 'StaticCondition', triggerType: 'MissingData', timeRange },
    { detectionMethod: 'StaticCondition', triggerType: 'ResolvedMissingData', timeRange },
  ];
}
