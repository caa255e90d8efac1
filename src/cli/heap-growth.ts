import v8 from 'node:v8';

/**
 * How much V8 lets its heap grow past what the last full collection kept, in percent. By default it grows by
 * up to four times when a process allocates fast, as a backfill does (every event parsed, then dropped once
 * stored): serve's heap reached 150–200 MB for 40–80 MB of live objects. At 10 % it stays near the live size
 * at the same ingest rate, which took 90–110 MB off serve's peak (`npm run bench -- memory`,
 * docs/running.md#measuring). Unlike a `--max-old-space-size` cap it never makes a large search fail for want
 * of heap: the heap still grows as far as live objects need.
 */
export const HEAP_GROWING_PERCENT = 10;

/** The flag to set, or undefined when the operator chose a growth of their own (node's arguments or NODE_OPTIONS). */
export function heapGrowingFlag(execArgv: readonly string[], nodeOptions: string | undefined): string | undefined {
  const given = [...execArgv, ...(nodeOptions ?? '').split(/\s+/)].some((arg) => arg.startsWith('--heap-growing-percent'));
  return given ? undefined : `--heap-growing-percent=${HEAP_GROWING_PERCENT}`;
}

/** V8 reads the growth factor at each full collection, so setting it once the process runs takes effect. */
export function limitHeapGrowth(): void {
  const flag = heapGrowingFlag(process.execArgv, process.env.NODE_OPTIONS);
  if (flag !== undefined) v8.setFlagsFromString(flag);
}
