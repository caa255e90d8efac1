import { getEventListeners } from 'node:events';
import { describe, expect, it } from 'vitest';
import { ManualClock, systemClock } from './clock.js';

describe('clocks', () => {
  it('a manual clock’s sleeps leave no listener on their signal once they end, and an abort rejects a pending one', async () => {
    const clock = new ManualClock();
    const controller = new AbortController();
    for (let i = 0; i < 20; i++) {
      const slept = clock.sleep(1_000, controller.signal);
      clock.advance(1_000);
      await slept;
    }
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
    const pending = clock.sleep(1_000, controller.signal);
    controller.abort();
    await expect(pending).rejects.toMatchObject({ code: 'aborted' });
  });

  it('the system clock’s sleeps leave no listener on their signal either', async () => {
    const controller = new AbortController();
    for (let i = 0; i < 20; i++) await systemClock.sleep(0, controller.signal);
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
  });
});
