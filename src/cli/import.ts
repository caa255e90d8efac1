import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open, readFile, stat } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { AppError } from '../core/errors.js';
import { MAIN_INDEX, type Message } from '../model/message.js';
import { findEventTime } from '../pipeline/event-time.js';
import type { MessagesRepository } from '../store/repositories.js';
import { parseCommandArgs } from './args.js';
import type { CommandIO } from './io.js';
import { openCliServices } from './open-cli-services.js';

const HELP = `Usage:
  mimecast-c2c import --category CAT [--source NAME] [--data DIR | --db URL] FILE…

Loads JSON lines files (one event per line) or files holding one JSON array of events as messages with
_sourceCategory CAT and _source/_sourceName NAME (default: import). Each message's time comes from the
usual Mimecast fields (timestamp, eventTime, dateReceived, datetime, date, createTime), else the import time.
Everything is stored in ONE transaction at the end: an interrupted import stores nothing, and importing a
file again skips the messages already stored (duplicates are the same text from the same --source).
With the embedded store (--data), run this while no server uses that directory.
`;

export interface ImportOptions {
  category: string;
  source: string;
  now: number;
  signal?: AbortSignal;
  /** Called as bytes are read, with the total over all files. */
  progress?: (read: number, total: number, lines: number) => void;
  /** Called once reading is done, before the single write. */
  storing?: (count: number) => void;
}

export interface ImportSummary {
  read: number;
  stored: number;
  duplicates: number;
  rejected: { file: string; line: number; reason: string }[];
}

const MAX_REJECTED_SHOWN = 20;

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
  return new AppError('aborted', 'interrupted: nothing was stored');
}

/** Reads every file, then stores all their messages in one transaction (the store's messages.append). */
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
  const messages: Message[] = [];
  const summary: ImportSummary = { read: 0, stored: 0, duplicates: 0, rejected: [] };
  let bytes = 0;
  const accept = (file: string, line: number, text: string, value: unknown) => {
    summary.read++;
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      summary.rejected.push({ file, line, reason: 'not a JSON object' });
      return;
    }
    messages.push(toMessage(text, value as Record<string, unknown>, options));
  };

  for (const file of files) {
    if (options.signal?.aborted) throw interrupted();
    const handle = await open(file, 'r');
    const start = Buffer.alloc(1024);
    const { bytesRead } = await handle.read(start, 0, start.length, 0);
    await handle.close();
    const head = start.subarray(0, bytesRead).toString('utf8').trimStart();
    if (head.startsWith('[')) {
      const text = await readFile(file, 'utf8');
      let items: unknown;
      try {
        items = JSON.parse(text);
      } catch (error) {
        summary.rejected.push({ file, line: 1, reason: `not valid JSON (${error instanceof Error ? error.message : 'parse error'})` });
        continue;
      }
      (items as unknown[]).forEach((item, i) => {
        accept(file, i + 1, JSON.stringify(item), item);
      });
      bytes += text.length;
      options.progress?.(bytes, total, summary.read);
      continue;
    }
    const lines = createInterface({ input: createReadStream(file, 'utf8'), crlfDelay: Number.POSITIVE_INFINITY });
    let n = 0;
    for await (const line of lines) {
      n++;
      bytes += Buffer.byteLength(line) + 1;
      if (options.signal?.aborted) {
        lines.close();
        throw interrupted();
      }
      if (line.trim() === '') continue;
      let value: unknown;
      try {
        value = JSON.parse(line);
      } catch {
        summary.read++;
        summary.rejected.push({ file, line: n, reason: 'not valid JSON' });
        continue;
      }
      accept(file, n, line, value);
      if (n % 10_000 === 0) options.progress?.(Math.min(bytes, total), total, summary.read);
    }
    options.progress?.(Math.min(bytes, total), total, summary.read);
  }
  if (options.signal?.aborted) throw interrupted();
  if (messages.length > 0) {
    options.storing?.(messages.length);
    const result = await store.messages.append(messages);
    summary.stored = result.inserted;
    summary.duplicates = result.duplicates;
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
    const tty = (io.stderr as { isTTY?: boolean }).isTTY === true;
    // Once the write has started it is one transaction: it either commits whole or leaves nothing.
    const summary = await importFiles(opened.store, positionals, {
      category: values.category.trim(),
      source: values.source.trim(),
      now: Date.now(),
      signal: abort.signal,
      progress: progressPrinter(io),
      storing: (count) => io.stderr.write(`${tty ? '\n' : ''}import: storing ${count} messages in one transaction…\n`),
    });
    io.stdout.write(
      `read ${summary.read}, stored ${summary.stored}, skipped as duplicates ${summary.duplicates}, rejected ${summary.rejected.length}\n`,
    );
    for (const r of summary.rejected.slice(0, MAX_REJECTED_SHOWN)) io.stdout.write(`  rejected ${r.file}:${r.line}: ${r.reason}\n`);
    if (summary.rejected.length > MAX_REJECTED_SHOWN) io.stdout.write(`  … and ${summary.rejected.length - MAX_REJECTED_SHOWN} more\n`);
    return summary.rejected.length > 0 && summary.stored === 0 && summary.duplicates === 0 ? 1 : 0;
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
