/**
 * Tasks that run one after another per key (a dashboard, a folder) in this process, so a check and the
 * write that depends on it cannot interleave with another task on the same key. A failed task does not
 * stop the ones queued after it. Keys with nothing queued are forgotten.
 */
export class KeyedSerial {
  private readonly tails = new Map<string, Promise<unknown>>();

  run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    const run = previous.then(task, task);
    const settled = run.catch(() => undefined);
    this.tails.set(key, settled);
    void settled.then(() => {
      if (this.tails.get(key) === settled) this.tails.delete(key);
    });
    return run;
  }

  /** Keys with a task running or queued (for tests: nothing is kept once they are done). */
  get size(): number {
    return this.tails.size;
  }
}
