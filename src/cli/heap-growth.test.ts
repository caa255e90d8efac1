import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { HEAP_GROWING_PERCENT, heapGrowingFlag } from './heap-growth.js';

describe('heapGrowingFlag', () => {
  it('limits the growth when the operator chose nothing', () => {
    expect(heapGrowingFlag([], undefined)).toBe(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
    expect(heapGrowingFlag(['--enable-source-maps'], '--max-old-space-size=2048')).toBe(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
  });

  it('leaves a growth given in node’s arguments or NODE_OPTIONS alone', () => {
    expect(heapGrowingFlag(['--heap-growing-percent=50'], undefined)).toBeUndefined();
    expect(heapGrowingFlag([], '--enable-source-maps --heap-growing-percent=25')).toBeUndefined();
  });

  it('takes effect in a running process: the heap of a fast-allocating loop stays near its live size', () => {
    // The same loop as a backfill in small: batches of objects kept a few at a time and dropped.
    const script = (flag: string) => `
      const v8 = require('node:v8');
      ${flag === '' ? '' : `v8.setFlagsFromString(${JSON.stringify(flag)});`}
      const live = []; let peak = 0;
      for (let r = 0; r < 200; r++) {
        const batch = [];
        for (let i = 0; i < 5000; i++) batch.push({ raw: 'x'.repeat(800) + i + r, parsed: JSON.parse('{"a":"' + i + '"}') });
        live.push(batch); if (live.length > 8) live.shift();
        peak = Math.max(peak, process.memoryUsage().heapTotal);
      }
      process.stdout.write(String(peak));`;
    const peakOf = (flag: string) => Number(spawnSync(process.execPath, ['-e', script(flag)], { encoding: 'utf8' }).stdout);
    const limited = peakOf(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
    const unlimited = peakOf('');
    expect(limited).toBeGreaterThan(0);
    expect(limited).toBeLessThan(unlimited * 0.8);
  });
});
