import { describe, expect, it } from 'vitest';
import { KeyedSerial } from './keyed-serial.js';

describe('KeyedSerial', () => {
  it('runs the tasks of one key one after another, other keys alongside, past a failure, and forgets done keys', async () => {
    const serial = new KeyedSerial();
    const log: string[] = [];
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const first = serial.run('a', async () => {
      log.push('a1 start');
      await gate;
      log.push('a1 end');
      throw new Error('a1 failed');
    });
    const second = serial.run('a', async () => {
      log.push('a2');
      return 2;
    });
    const other = serial.run('b', async () => {
      log.push('b1');
      return 1;
    });
    expect(await other).toBe(1);
    expect(log).toEqual(['a1 start', 'b1']);
    release();
    await expect(first).rejects.toThrow('a1 failed');
    expect(await second).toBe(2);
    expect(log).toEqual(['a1 start', 'b1', 'a1 end', 'a2']);
    // Once every microtask has run (setImmediate comes after them all), no key is kept.
    await new Promise((resolve) => setImmediate(resolve));
    expect(serial.size).toBe(0);
  });
});
