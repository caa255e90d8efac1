import type { Checkpoint } from '../../model/checkpoint.js';
import type { DataType } from '../../model/message.js';
import { cursorError } from './errors.js';

/** The version of every checkpoint this client writes. An unknown version is refused, never guessed at. */
export const CURSOR_VERSION = 1;

/** Field readers that throw `mimecast.cursor` naming the exact field that is wrong. */
export class CursorReader {
  constructor(
    private readonly record: Record<string, unknown>,
    private readonly path: string,
  ) {}

  static open(cursor: Checkpoint, dataType: DataType): CursorReader {
    if (typeof cursor !== 'object' || cursor === null || Array.isArray(cursor)) throw cursorError('cursor', 'must be an object');
    const reader = new CursorReader(cursor as Record<string, unknown>, 'cursor');
    if (cursor.v !== CURSOR_VERSION) throw cursorError('cursor.v', `must be ${CURSOR_VERSION}`);
    const type = reader.string('dataType');
    if (type !== dataType) throw cursorError('cursor.dataType', `must be ${dataType} (this cursor belongs to ${type})`);
    return reader;
  }

  has(key: string): boolean {
    return this.record[key] !== undefined;
  }

  field(key: string): string {
    return `${this.path}.${key}`;
  }

  time(key: string): number {
    const value = this.record[key];
    if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0)
      throw cursorError(this.field(key), 'must be a time in epoch milliseconds');
    return value;
  }

  optionalTime(key: string): number | null {
    return this.record[key] === null ? null : this.time(key);
  }

  int(key: string, max = Number.MAX_SAFE_INTEGER): number {
    const value = this.record[key];
    if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0 || value > max)
      throw cursorError(this.field(key), `must be an integer from 0 to ${max}`);
    return value;
  }

  boolean(key: string): boolean {
    const value = this.record[key];
    if (typeof value !== 'boolean') throw cursorError(this.field(key), 'must be true or false');
    return value;
  }

  string(key: string): string {
    const value = this.record[key];
    if (typeof value !== 'string' || value === '') throw cursorError(this.field(key), 'must be a non-empty string');
    return value;
  }

  optionalString(key: string): string | undefined {
    return this.record[key] === undefined ? undefined : this.string(key);
  }

  oneOf<T extends string>(key: string, values: readonly T[]): T {
    const value = this.record[key];
    if (typeof value !== 'string' || !values.includes(value as T))
      throw cursorError(this.field(key), `must be one of ${values.join(', ')}`);
    return value as T;
  }

  strings(key: string): string[] {
    const value = this.record[key];
    if (!Array.isArray(value)) throw cursorError(this.field(key), 'must be an array of strings');
    value.forEach((item, i) => {
      if (typeof item !== 'string') throw cursorError(`${this.field(key)}[${i}]`, 'must be a string');
    });
    return value as string[];
  }

  child(key: string): CursorReader {
    const value = this.record[key];
    if (typeof value !== 'object' || value === null || Array.isArray(value)) throw cursorError(this.field(key), 'must be an object');
    return new CursorReader(value as Record<string, unknown>, this.field(key));
  }

  optionalChild(key: string): CursorReader | undefined {
    return this.record[key] === undefined ? undefined : this.child(key);
  }
}
