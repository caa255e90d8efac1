import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { StringDecoder } from 'node:string_decoder';
import { createGunzip } from 'node:zlib';

/** One event's text as read: its line (JSON lines) or its position in the array (a JSON array file). */
export interface ImportRecord {
  line: number;
  text: string;
  /** The text is one element of a JSON array (stored re-serialised, as earlier imports did). */
  inArray: boolean;
}

/** A file whose top-level array never closes: everything before the break was read. */
export const UNCLOSED_ARRAY = 'not valid JSON (the array is not closed)';

const GZIP_MAGIC = [0x1f, 0x8b];

async function isGzip(file: string): Promise<boolean> {
  const handle = await open(file, 'r');
  try {
    const head = Buffer.alloc(2);
    const { bytesRead } = await handle.read(head, 0, 2, 0);
    return bytesRead === 2 && head[0] === GZIP_MAGIC[0] && head[1] === GZIP_MAGIC[1];
  } finally {
    await handle.close();
  }
}

/**
 * Splits the elements of one top-level JSON array as text arrives, holding only the element being read:
 * a file of any size is read with the memory of its largest element.
 */
class ArraySplitter {
  private depth = 0;
  private inString = false;
  private escaped = false;
  private current = '';
  private count = 0;
  closed = false;

  /** Feeds a chunk; returns the elements it completed (numbered from 1). */
  feed(chunk: string): ImportRecord[] {
    const out: ImportRecord[] = [];
    let start = 0;
    for (let i = 0; i < chunk.length; i++) {
      const ch = chunk[i];
      if (this.closed) break;
      if (this.inString) {
        if (this.escaped) this.escaped = false;
        else if (ch === '\\') this.escaped = true;
        else if (ch === '"') this.inString = false;
        continue;
      }
      if (ch === '"') this.inString = true;
      else if (ch === '[' || ch === '{') {
        this.depth++;
        if (this.depth === 1) start = i + 1;
      } else if (ch === ']' || ch === '}') {
        this.depth--;
        if (this.depth === 0) {
          this.closed = true;
          this.emit(chunk.slice(start, i), out);
        }
      } else if (ch === ',' && this.depth === 1) {
        this.emit(chunk.slice(start, i), out);
        start = i + 1;
      }
    }
    if (!this.closed && this.depth >= 1) this.current += chunk.slice(start);
    return out;
  }

  private emit(tail: string, out: ImportRecord[]): void {
    const text = (this.current + tail).trim();
    this.current = '';
    // `[]` and a trailing comma hold no element.
    if (text !== '') out.push({ line: ++this.count, text, inArray: true });
  }
}

/**
 * The records of one file, JSON lines or one JSON array, plain or gzip-compressed, read in fixed-size chunks.
 * Reading waits while the caller handles a record (async iteration pauses the stream), so a slow store
 * holds the file back instead of the file filling memory. `onBytes` counts the file's own (compressed) bytes.
 */
export async function* readRecords(file: string, onBytes: (n: number) => void): AsyncGenerator<ImportRecord | { unclosed: true }> {
  const gzip = await isGzip(file);
  const raw = createReadStream(file);
  // Counted where the file's bytes are read: on the file stream when it is piped through gunzip (a 'data'
  // listener starts the stream, so only then), in the loop below otherwise.
  let input: NodeJS.ReadableStream = raw;
  if (gzip) {
    raw.on('data', (chunk) => onBytes(chunk.length));
    const gunzip = createGunzip();
    raw.on('error', (error) => gunzip.destroy(error));
    input = raw.pipe(gunzip);
  }
  const decoder = new StringDecoder('utf8');
  let mode: 'unknown' | 'lines' | 'array' = 'unknown';
  const splitter = new ArraySplitter();
  let pending = '';
  let line = 0;
  try {
    for await (const bytes of input) {
      if (!gzip) onBytes((bytes as Buffer).length);
      let text = decoder.write(bytes as Buffer);
      if (mode === 'unknown') {
        const first = text.search(/\S/);
        if (first === -1) {
          pending += text;
          continue;
        }
        mode = text[first] === '[' ? 'array' : 'lines';
        text = pending + text;
        pending = '';
      }
      if (mode === 'array') {
        yield* splitter.feed(text);
        continue;
      }
      const parts = (pending + text).split('\n');
      pending = parts.pop() ?? '';
      for (const part of parts) yield { line: ++line, text: part.endsWith('\r') ? part.slice(0, -1) : part, inArray: false };
    }
    const rest = pending + decoder.end();
    if (mode === 'array') {
      yield* splitter.feed(rest);
      if (!splitter.closed) yield { unclosed: true };
    } else if (rest !== '') yield { line: ++line, text: rest, inArray: false };
  } finally {
    raw.destroy();
  }
}
