import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Engine, logsMonitor, startEngine } from './__fixtures__/engine.js';

/**
 * occurrenceType over a timesliced aggregate (each row a data point), groupNotifications, and the server's
 * public URL in the URL variables: on a real DuckDB store, a real webhook receiver and a ManualClock.
 */

let e: Engine;
beforeEach(async () => {
  e = await startEngine({ publicUrl: 'https://mc2c.example.com/ui' });
});
afterEach(async () => {
  await e.close();
});

const PER_MINUTE = '_sourceCategory=Mimecast | timeslice 1m | count by _timeslice';
const critical = (occurrenceType: string, threshold: number) => ({
  triggerType: 'Critical',
  timeRange: '-15m',
  threshold,
  thresholdType: 'GreaterThanOrEqual',
  occurrenceType,
  triggerSource: 'AllResults',
});

/** `counts[i]` messages in the minute i+1 minutes ago. */
async function perMinute(...counts: number[]): Promise<void> {
  for (const [i, n] of counts.entries()) await e.messages((i + 1) * 60_000 + 1000, ...Array.from({ length: n }, () => ({ n })));
}

describe('occurrence types over data points', () => {
  it('AtLeastOnce fires when one timeslice meets the threshold, and tells that value', async () => {
    await e.services.monitors.create(undefined, logsMonitor(PER_MINUTE, [critical('AtLeastOnce', 3)], await e.connection()), 'suTEST');
    await perMinute(1, 3, 1);
    await e.services.monitors.runOnce();
    expect(e.bodies().map((b) => [b.type, b.value])).toEqual([['Critical', 3]]);
  });

  it('AtLeastOnce does not fire when no timeslice meets it', async () => {
    await e.services.monitors.create(undefined, logsMonitor(PER_MINUTE, [critical('AtLeastOnce', 3)], await e.connection()), 'suTEST');
    await perMinute(1, 2, 1);
    await e.services.monitors.runOnce();
    expect(e.bodies()).toEqual([]);
  });

  it('Always fires only when every timeslice meets the threshold, and resolves when one stops', async () => {
    const monitor = await e.services.monitors.create(
      undefined,
      logsMonitor(PER_MINUTE, [critical('Always', 2)], await e.connection()),
      'suTEST',
    );
    await perMinute(2, 1, 4);
    await e.services.monitors.runOnce();
    expect(e.bodies()).toEqual([]);
    await e.services.monitors.update(
      String(monitor.id),
      { ...logsMonitor(PER_MINUTE, [critical('Always', 1)], await e.connection()), version: monitor.version },
      'suTEST',
    );
    await e.services.monitors.runOnce();
    expect(e.bodies().map((b) => b.type)).toEqual(['Critical']);
    // Twenty minutes on the window is empty: no data point meets it, so "always" no longer holds.
    e.clock.advance(20 * 60_000);
    await e.services.monitors.runOnce();
    expect(e.bodies().map((b) => b.type)).toEqual(['Critical', 'ResolvedCritical']);
  });
});

describe('groupNotifications', () => {
  const BY_SENDER = '_sourceCategory=Mimecast | json "sender" | count by sender';
  const perSeries = { ...critical('ResultCount', 2), triggerSource: 'AnyTimeSeries' };

  it('true (the default): one notification when the first series fires, with every series firing then; one when the last resolves', async () => {
    await e.services.monitors.create(undefined, logsMonitor(BY_SENDER, [perSeries], await e.connection()), 'suTEST');
    await e.messages(60_000, { sender: 'a@x' }, { sender: 'a@x' }, { sender: 'b@x' }, { sender: 'b@x' }, { sender: 'c@x' });
    await e.services.monitors.runOnce();
    const [first] = e.bodies();
    expect(e.bodies()).toHaveLength(1);
    expect((first.results as { sender: string }[]).map((r) => r.sender).sort()).toEqual(['a@x', 'b@x']);
    expect((await e.store.alerts.list({ status: 'Active', limit: 10, offset: 0 })).total).toBe(2);

    // c@x fires too while the others are open: an alert of its own, no new notification.
    e.clock.advance(60_000);
    await e.messages(1000, { sender: 'c@x' });
    await e.services.monitors.runOnce();
    expect(e.bodies()).toHaveLength(1);
    expect((await e.store.alerts.list({ status: 'Active', limit: 10, offset: 0 })).total).toBe(3);

    e.clock.advance(20 * 60_000);
    await e.services.monitors.runOnce();
    expect(e.bodies().map((b) => b.type)).toEqual(['Critical', 'ResolvedCritical']);
    expect((await e.store.alerts.list({ status: 'Active', limit: 10, offset: 0 })).total).toBe(0);
  });

  it('true: resolving by hand tells the resolution once the last open series of the trigger is resolved', async () => {
    await e.services.monitors.create(undefined, logsMonitor(BY_SENDER, [perSeries], await e.connection()), 'suTEST');
    await e.messages(60_000, { sender: 'a@x' }, { sender: 'a@x' }, { sender: 'b@x' }, { sender: 'b@x' });
    await e.services.monitors.runOnce();
    const [first, second] = (await e.store.alerts.list({ status: 'Active', limit: 10, offset: 0 })).alerts;
    await e.services.alerts.resolve(first.id, 'suTEST');
    await e.services.monitors.runOnce();
    expect(e.bodies().map((b) => b.type)).toEqual(['Critical']);
    await e.services.alerts.resolve(second.id, 'suTEST');
    await e.services.monitors.runOnce();
    expect(e.bodies().map((b) => [b.type, b.alert])).toEqual([
      ['Critical', expect.any(String)],
      ['ResolvedCritical', `https://mc2c.example.com/ui/#/alerts/${second.id}`],
    ]);
  });

  it('false: one notification per series', async () => {
    const body = logsMonitor(BY_SENDER, [perSeries], await e.connection(), { groupNotifications: false });
    await e.services.monitors.create(undefined, body, 'suTEST');
    await e.messages(60_000, { sender: 'a@x' }, { sender: 'a@x' }, { sender: 'b@x' }, { sender: 'b@x' });
    await e.services.monitors.runOnce();
    expect(e.bodies().map((b) => b.type)).toEqual(['Critical', 'Critical']);
  });
});

describe('the public URL', () => {
  it('starts the URL variables of a payload', async () => {
    await e.services.monitors.create(undefined, logsMonitor(PER_MINUTE, [critical('ResultCount', 1)], await e.connection()), 'suTEST');
    await perMinute(1);
    await e.services.monitors.runOnce();
    const [alert] = (await e.store.alerts.list({ limit: 1, offset: 0 })).alerts;
    expect(e.bodies()[0].alert).toBe(`https://mc2c.example.com/ui/#/alerts/${alert.id}`);
  });
});
