import type { SourceStateName } from '../model/source.js';
import type { AppendBatch, AppendResult } from '../store/repositories.js';
import type { Store } from '../store/store.js';

/**
 * Test support: the store with the runtime's writes seen on the way through. Every state it writes is
 * recorded in `states`, and every batch passes through `aroundBatch`, which may hold, delay or fail it
 * before calling `write`.
 */
export function watchRuntimeWrites(
  inner: Store,
  aroundBatch: (batch: AppendBatch, write: () => Promise<AppendResult>) => Promise<AppendResult>,
): { store: Store; states: SourceStateName[] } {
  const states: SourceStateName[] = [];
  const store: Store = {
    ...inner,
    sources: {
      ...inner.sources,
      setState: async (...args: Parameters<Store['sources']['setState']>) => {
        states.push(args[1].state);
        return inner.sources.setState(...args);
      },
    },
    messages: {
      ...inner.messages,
      appendBatch: (batch: AppendBatch) => aroundBatch(batch, () => inner.messages.appendBatch(batch)),
    },
  };
  return { store, states };
}
