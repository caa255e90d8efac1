import { describe, expect, it } from 'vitest';
import { systemClock } from '../../core/clock.js';
import { AppError, ValidationError } from '../../core/errors.js';
import { silentLogger } from '../../core/logger.js';
import type { Checkpoint } from '../../model/checkpoint.js';
import type { DataType } from '../../model/message.js';
import { createMimecastClient } from './client.js';
import type { MimecastClientOptions } from './types.js';

const makeOptions = (over: Partial<MimecastClientOptions> = {}): MimecastClientOptions => ({
  clientId: 'id',
  clientSecret: 'secret',
  clock: systemClock,
  logger: silentLogger,
  // Never reached: every case below fails before any I/O.
  baseUrl: 'http://127.0.0.1:9',
  ...over,
});

function fieldOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    return (error as ValidationError).field;
  }
  return undefined;
}

describe('client options', () => {
  it('names the field of every bad option', () => {
    expect(fieldOf(() => createMimecastClient(makeOptions({ clientId: ' ' })))).toBe('mimecast.clientId');
    expect(fieldOf(() => createMimecastClient(makeOptions({ clientSecret: '' })))).toBe('mimecast.clientSecret');
    expect(fieldOf(() => createMimecastClient(makeOptions({ region: 'eu' as never, baseUrl: undefined })))).toBe('mimecast.region');
    expect(fieldOf(() => createMimecastClient(makeOptions({ baseUrl: 'ftp://x' })))).toBe('mimecast.baseUrl');
    expect(fieldOf(() => createMimecastClient(makeOptions({ baseUrl: 'not a url' })))).toBe('mimecast.baseUrl');
    expect(fieldOf(() => createMimecastClient(makeOptions({ pageSize: 0 })))).toBe('mimecast.pageSize');
    expect(fieldOf(() => createMimecastClient(makeOptions({ timeoutMs: 1.5 })))).toBe('mimecast.timeoutMs');
    expect(fieldOf(() => createMimecastClient(makeOptions({ startTime: 'last week' })))).toBe('mimecast.startTime');
    expect(fieldOf(() => createMimecastClient(makeOptions()).pager('ttp' as DataType))).toBe('mimecast.dataType');
  });

  it('accepts every region and data type', () => {
    for (const region of ['global', 'us', 'uk'] as const) {
      const client = createMimecastClient(makeOptions({ region, baseUrl: undefined }));
      for (const type of ['siem', 'dlp', 'auditEvent', 'holdMessageList'] as const) expect(typeof client.pager(type).next).toBe('function');
    }
  });
});

describe('cursor validation', () => {
  const client = createMimecastClient(makeOptions());
  async function cursorField(dataType: DataType, cursor: unknown): Promise<string | undefined> {
    try {
      await client.pager(dataType).next(cursor as Checkpoint);
    } catch (error) {
      expect(error).toBeInstanceOf(AppError);
      expect((error as AppError).code).toBe('mimecast.cursor');
      expect((error as AppError).retryable).toBe(false);
      return (error as AppError).field;
    }
    return undefined;
  }

  /** A well-formed audit cursor with an open window, but for the members given. */
  const auditCursorWithWindow = (window: Record<string, unknown>) => ({
    v: 1,
    dataType: 'auditEvent',
    from: 5,
    seen: [],
    window: { to: 9, capped: false, token: 't', max: null, maxSeen: [], ...window },
  });

  it('rejects a malformed cursor naming the field, before any request', async () => {
    expect(await cursorField('dlp', { v: 2, dataType: 'dlp' })).toBe('cursor.v');
    expect(await cursorField('dlp', { v: 1, dataType: 'auditEvent', from: 0, seen: [] })).toBe('cursor.dataType');
    expect(await cursorField('dlp', { v: 1, dataType: 'dlp', from: 'yesterday', seen: [] })).toBe('cursor.from');
    expect(await cursorField('auditEvent', { v: 1, dataType: 'auditEvent', from: 5, seen: [1] })).toBe('cursor.seen[0]');
    expect(await cursorField('auditEvent', auditCursorWithWindow({ token: '' }))).toBe('cursor.window.token');
    expect(await cursorField('auditEvent', auditCursorWithWindow({ to: 1 }))).toBe('cursor.window.to');
    expect(await cursorField('auditEvent', auditCursorWithWindow({ capped: 1 }))).toBe('cursor.window.capped');
    expect(await cursorField('siem', { v: 1, dataType: 'siem', phase: 'both' })).toBe('cursor.phase');
    expect(
      await cursorField('siem', { v: 1, dataType: 'siem', phase: 'batch', from: 1, until: 2, seen: [], typeIndex: 10, fileIndex: 0 }),
    ).toBe('cursor.typeIndex');
    expect(await cursorField('holdMessageList', { v: 1, dataType: 'holdMessageList', since: 0, known: 'x' })).toBe('cursor.known');
    expect(await cursorField('holdMessageList', [])).toBe('cursor');
  });
});
