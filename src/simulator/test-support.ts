import { type RunningSimulator, type SimulatorOptions, startSimulator } from './index.js';

/** A fixed, deliberately unaligned start time, so tests never depend on the wall clock. */
export const T0 = Date.UTC(2026, 10, 20, 12, 7, 31, 123);

export interface TestSim {
  sim: RunningSimulator;
  options: SimulatorOptions;
  /** Moves simulated time forward. */
  advance(ms: number): void;
  now(): number;
  token(): Promise<string>;
  get(path: string, params?: Record<string, string>, token?: string | null): Promise<Response>;
  post(path: string, body: unknown, token?: string | null): Promise<Response>;
}

/** Starts a simulator on a random loopback port with a clock the test moves by hand. */
export async function startTestSim(options: SimulatorOptions = {}): Promise<TestSim> {
  let current = T0;
  const full: SimulatorOptions = { host: '127.0.0.1', port: 0, seed: 7, now: () => current, ...options };
  const sim = await startSimulator(full);
  let cached: string | null = null;
  const token = async () => {
    const res = await fetch(`${sim.url}/oauth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        client_id: full.clientId ?? 'demo-client-id',
        client_secret: full.clientSecret ?? 'demo-client-secret',
        grant_type: 'client_credentials',
      }),
    });
    if (res.status !== 200) throw new Error(`token request failed: ${res.status} ${await res.text()}`);
    return ((await res.json()) as { access_token: string }).access_token;
  };
  const auth = async (explicit: string | null | undefined): Promise<Record<string, string>> => {
    if (explicit === null) return {};
    if (explicit !== undefined) return { authorization: `Bearer ${explicit}` };
    cached ??= await token();
    return { authorization: `Bearer ${cached}` };
  };
  return {
    sim,
    options: full,
    advance: (ms) => {
      current += ms;
    },
    now: () => current,
    token,
    get: async (path, params = {}, explicit) =>
      fetch(`${sim.url}${path}?${new URLSearchParams(params)}`, { headers: { accept: 'application/json', ...(await auth(explicit)) } }),
    post: async (path, body, explicit) =>
      fetch(`${sim.url}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(await auth(explicit)) },
        body: typeof body === 'string' ? body : JSON.stringify(body),
      }),
  };
}

/** `/api/*` time format. */
export function apiTime(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 19)}+0000`;
}
