import { createHash } from 'node:crypto';
import { stat } from 'node:fs/promises';
import { AppError } from '../core/errors.js';
import { MAIN_INDEX, type Message } from '../model/message.js';
import { findEventTime } from '../pipeline/event-time.js';
import type { MessagesRepository } from '../store/repositories.js';
import { parseCommandArgs } from './args.js';
import { readRecords, UNCLOSED_ARRAY } from './import-reader.js';
import type { CommandIO } from './io.js';
import { openCliServices } from './open-cli-services.js';

/**
 * Messages held before a write: a fixed buffer whatever the file's size (a few MB of text for Mimecast
 * events), and large enough that the per-transaction cost stays small beside the rows.
 */
export const IMPORT_BATCH_MESSAGES = 5000;

const HELP = `Usage:
  mimecast-c2c import --category CAT [--source NAME] [--data DIR | --db URL] FILE…

Loads JSON lines files (one event per line) or files holding one JSON array of events, plain or gzip-compressed,
as messages with _sourceCategory CAT and _source/_sourceName NAME (default: import). Each message's time comes
from the usual Mimecast fields (timestamp, eventTime, dateReceived, datetime, date, createTime), else the
import time. Files are streamed and stored in batches of ${IMPORT_BATCH_MESSAGES} messages: an interrupted import
keeps the batches it stored, and importing a file again skips the messages already stored (duplicates are the
same text from the same --source). Events older than their partition's retention are counted as expired.
With the embedded store (--data), run this while no server uses that directory.
`;

export interface ImportOptions {
  category: string;
  source: string;
  now: number;
  signal?: AbortSignal;
  /** Messages per write (one transaction each); the default is IMPORT_BATCH_MESSAGES. */
  batchMessages?: number;
  /** Called after each stored batch and at the end of each file: bytes read over all files, and events read. */
  progress?: (read: number, total: number, lines: number) => void;
}

export interface ImportSummary {
  read: number;
  stored: number;
  duplicates: number;
  /** Not stored: older than their partition's retention. */
  expired: number;
  rejected: number;
  /** The first MAX_REJECTED_KEPT rejected lines: a file of bad lines must not fill memory with reasons. */
  firstRejected: { file: string; line: number; reason: string }[];
}

const MAX_REJECTED_KEPT = 20;

function toMessage(raw: string, event: Record<string, unknown>, options: ImportOptions): Message {
  return {
    raw,
    messageTime: findEventTime(event) ?? options.now,
    receiptTime: options.now,
    dedupeKey: createHash('sha256').update(options.source).update('\n').update(raw).digest('hex'),
    sourceId: `import:${options.source}`,
    source: options.source,
    sourceCategory: options.category,
    collector: 'import',
    sourceName: options.source,
    sourceHost: '',
    index: MAIN_INDEX,
    fields: {},
    parsed: event,
  };
}

function interrupted(): AppError {
  return new AppError('aborted', 'interrupted: the batches stored so far are kept; import the files again to add the rest');
}

/** Streams every file and stores its messages in batches (the store's messages.append), one after another. */
export async function importFiles(
  store: { readonly messages: Pick<MessagesRepository, 'append'> },
  files: string[],
  options: ImportOptions,
): Promise<ImportSummary> {
  const sizes = await Promise.all(
    files.map(async (file) => {
      try {
        return (await stat(file)).size;
      } catch {
        throw new AppError('usage', `${file}: no such file`);
      }
    }),
  );
  const total = sizes.reduce((a, b) => a + b, 0);
  const batchSize = options.batchMessages ?? IMPORT_BATCH_MESSAGES;
  const summary: ImportSummary = { read: 0, stored: 0, duplicates: 0, expired: 0, rejected: 0, firstRejected: [] };
  let bytes = 0;
  let batch: Message[] = [];
  const reject = (file: string, line: number, reason: string) => {
    summary.rejected++;
    if (summary.firstRejected.length < MAX_REJECTED_KEPT) summary.firstRejected.push({ file, line, reason });
  };
  const flush = async () => {
    if (batch.length === 0) return;
    const result = await store.messages.append(batch);
    batch = [];
    summary.stored += result.inserted;
    summary.duplicates += result.duplicates;
    summary.expired += result.expired;
    options.progress?.(Math.min(bytes, total), total, summary.read);
  };

  for (const file of files) {
    for await (const record of readRecords(file, (n) => {
      bytes += n;
    })) {
      if (options.signal?.aborted) throw interrupted();
      if ('unclosed' in record) {
        reject(file, 1, UNCLOSED_ARRAY);
        continue;
      }
      if (!record.inArray && record.text.trim() === '') continue;
      summary.read++;
      let value: unknown;
      try {
        value = JSON.parse(record.text);
      } catch {
        reject(file, record.line, 'not valid JSON');
        continue;
      }
      if (value === null || typeof value !== 'object' || Array.isArray(value)) {
        reject(file, record.line, 'not a JSON object');
        continue;
      }
      batch.push(toMessage(record.inArray ? JSON.stringify(value) : record.text, value as Record<string, unknown>, options));
      if (batch.length >= batchSize) await flush();
    }
    await flush();
    options.progress?.(Math.min(bytes, total), total, summary.read);
  }
  return summary;
}

function progressPrinter(io: CommandIO): (read: number, total: number, lines: number) => void {
  const tty = (io.stderr as { isTTY?: boolean }).isTTY === true;
  let last = 0;
  return (read, total, lines) => {
    const pct = total === 0 ? 100 : Math.floor((read / total) * 100);
    if (tty) {
      const filled = Math.round(pct / 5);
      io.stderr.write(
        `\r[${'#'.repeat(filled)}${'-'.repeat(20 - filled)}] ${String(pct).padStart(3)}%  ${lines.toLocaleString('en-US')} events read`,
      );
      return;
    }
    const now = Date.now();
    if (now - last >= 5000 || read >= total) {
      last = now;
      io.stderr.write(`import: ${pct}% read, ${lines} events\n`);
    }
  };
}

export async function run(args: string[], io: CommandIO): Promise<number> {
  const { values, positionals } = parseCommandArgs(
    'import',
    args,
    {
      category: { type: 'string' },
      source: { type: 'string', default: 'import' },
      data: { type: 'string' },
      db: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    true,
  );
  if (values.help) {
    io.stdout.write(HELP);
    return 0;
  }
  if (values.category === undefined || values.category.trim() === '') throw new AppError('usage', '--category is required');
  if (values.source.trim() === '' || values.source.length > 128) throw new AppError('usage', '--source must be 1 to 128 characters');
  if (positionals.length === 0) throw new AppError('usage', 'name at least one FILE to import');

  const abort = new AbortController();
  const onSigint = () => {
    abort.abort();
    io.stderr.write('\nimport: interrupting…\n');
  };
  process.on('SIGINT', onSigint);
  const opened = await openCliServices('import', values, io);
  try {
    const summary = await importFiles(opened.store, positionals, {
      category: values.category.trim(),
      source: values.source.trim(),
      now: Date.now(),
      signal: abort.signal,
      progress: progressPrinter(io),
    });
    if ((io.stderr as { isTTY?: boolean }).isTTY === true) io.stderr.write('\n');
    io.stdout.write(
      `read ${summary.read}, stored ${summary.stored}, skipped as duplicates ${summary.duplicates}, expired ${summary.expired}, rejected ${summary.rejected}\n`,
    );
    for (const r of summary.firstRejected) io.stdout.write(`  rejected ${r.file}:${r.line}: ${r.reason}\n`);
    if (summary.rejected > summary.firstRejected.length)
      io.stdout.write(`  … and ${summary.rejected - summary.firstRejected.length} more\n`);
    return summary.rejected > 0 && summary.stored === 0 && summary.duplicates === 0 && summary.expired === 0 ? 1 : 0;
  } catch (error) {
    if (error instanceof AppError && error.code === 'aborted') {
      io.stderr.write(`import: ${error.message}\n`);
      return 130;
    }
    throw error;
  } finally {
    process.off('SIGINT', onSigint);
    await opened.close();
  }
}
