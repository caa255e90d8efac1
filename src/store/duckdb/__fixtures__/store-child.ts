/**
 * A second process for the DuckDB tests: `try-open DIR` reports whether it could open the store, and
 * `append-loop DIR` appends numbered batches forever, printing each batch number once it has committed.
 */
import { systemClock } from '../../../core/clock.js';
import { AppError } from '../../../core/errors.js';
import { silentLogger } from '../../../core/logger.js';
import type { Message } from '../../../model/message.js';
import { openDuckDbStore } from '../duckdb-store.js';

export const BATCH_SIZE = 200;

const [mode, dataDir] = process.argv.slice(2);

if (mode === 'try-open') {
  try {
    const store = await openDuckDbStore({ dataDir, clock: systemClock, logger: silentLogger });
    await store.close();
    process.stdout.write(JSON.stringify({ opened: true }));
  } catch (error) {
    process.stdout.write(JSON.stringify({ code: error instanceof AppError ? error.code : 'other', message: (error as Error).message }));
  }
} else if (mode === 'append-loop') {
  const store = await openDuckDbStore({ dataDir, clock: systemClock, logger: silentLogger });
  for (let n = 1; ; n++) {
    const messages: Message[] = [];
    for (let i = 0; i < BATCH_SIZE; i++) {
      const raw = JSON.stringify({ batch: n, i, type: 'receipt', subject: 'x'.repeat(200) });
      messages.push({
        raw,
        messageTime: 1_763_640_000_000 + n,
        receiptTime: Date.now(),
        dedupeKey: `${n}-${i}`,
        sourceId: 'CRASH',
        source: 'crash',
        sourceCategory: 'test',
        collector: 'c',
        sourceName: 'siem',
        sourceHost: 'h',
        index: 'main',
        fields: {},
      });
    }
    await store.messages.appendBatch({ sourceId: 'CRASH', dataType: 'siem', messages, checkpoint: { v: 1, n } });
    process.stdout.write(`${n}\n`);
  }
}
