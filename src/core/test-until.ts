/**
 * Test support: polls `probe` every 50 ms until it returns a value, `attempts` times at most (15 s by
 * default), then fails naming what it waited for. Tests wait on outcomes, never on a fixed sleep.
 */
export async function until<T>(probe: () => Promise<T | undefined>, what: string, attempts = 300): Promise<T> {
  for (let i = 0; i < attempts; i++) {
    const value = await probe();
    if (value !== undefined) return value;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}
