import { afterEach, describe, expect, it } from 'vitest';
import { type RunningSimulator, startSimulator } from '../../simulator/index.js';
import { createCredentialRegistry } from './credentials.js';
import { drain, JumpClock, makeClient, T0 } from './test-helpers.js';

/**
 * Two sources with one credential (two clients built from one registry) pace themselves as one
 * application and share one token; the simulator counts the calls.
 */
let sim: RunningSimulator | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

async function start(clock: JumpClock, rateLimitRequests = 1_000_000): Promise<RunningSimulator> {
  sim = await startSimulator({
    seed: 12,
    dlpPerHour: 120,
    auditPerHour: 120,
    host: '127.0.0.1',
    port: 0,
    now: () => clock.now(),
    faults: { rateLimitRequests, rateLimitWindowMs: 10_000 },
  });
  return sim;
}

describe('one limiter and token per credential', () => {
  it('keeps two sources of one credential inside its quota together, instead of each hitting 429', async () => {
    const clock = new JumpClock(T0);
    const s = await start(clock, 4);
    const credentials = createCredentialRegistry(clock);
    const first = makeClient(s.url, clock, { startTime: '-6h', pageSize: 25, credentials });
    const second = makeClient(s.url, clock, { startTime: '-6h', pageSize: 25, credentials });
    await Promise.all([drain(first.pager('dlp')), drain(second.pager('auditEvent'))]);
    expect(s.stats().requests.dlp + s.stats().requests.audit).toBeGreaterThan(8);
    expect(s.stats().rateLimited).toBe(0);
    expect(clock.slept).toBeGreaterThan(0);
    expect(s.stats().tokenRequests).toBe(1);
  });

  it('asks for one token per credential, and a new one for a changed secret or another client id', async () => {
    const clock = new JumpClock(T0);
    const s = await start(clock);
    const credentials = createCredentialRegistry(clock);
    await Promise.all([makeClient(s.url, clock, { credentials }).authenticate(), makeClient(s.url, clock, { credentials }).authenticate()]);
    await makeClient(s.url, clock, { credentials }).authenticate();
    expect(s.stats().tokenRequests).toBe(1);
    // Without a shared registry, each client asks for its own.
    await makeClient(s.url, clock).authenticate();
    expect(s.stats().tokenRequests).toBe(2);
    await makeClient(s.url, clock, { credentials, clientSecret: 'rotated' })
      .authenticate()
      .catch(() => {});
    expect(s.stats().tokenRequests).toBe(3);
  });
});
