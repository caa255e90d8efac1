import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../core/clock.js';
import { AppError } from '../core/errors.js';
import { silentLogger } from '../core/logger.js';
import { DAY, MESSAGES } from '../query/__fixtures__/messages.js';
import { toStoreMessage } from '../query/test-support.js';
import { openDuckDbStore } from '../store/duckdb/duckdb-store.js';
import type { Store } from '../store/store.js';
import { createSearchService, type SearchService } from './search-service.js';

let dir: string;
let store: Store;
let service: SearchService;
const clock = new ManualClock(DAY + 86_400_000);
const OWNER = 'KEY1';

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'mc2c-search-'));
  store = await openDuckDbStore({ dataDir: dir, clock, logger: silentLogger });
  await store.messages.append(MESSAGES.map(toStoreMessage));
  service = createSearchService({ store, clock, logger: silentLogger });
});

afterAll(async () => {
  await service.close();
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

const day = { from: DAY, to: DAY + 86_400_000 };

async function records(query: string, extra: Record<string, unknown> = {}) {
  const { id } = service.create({ query, ...day, ...extra }, OWNER);
  await service.wait(id);
  const status = service.status(id, OWNER);
  expect(status.pendingErrors).toEqual([]);
  return { id, status, page: service.records(id, OWNER, 0, 100) };
}

describe('search service over a DuckDB store', () => {
  it('runs the legacy seed query verbatim', async () => {
    const { status, page } = await records(
      '_sourceCategory="mimecast_app" Delivered Dir | json "aCode","Delivered","UseTls" as a_code, delivered, use_tls nodrop | where delivered="true" | where use_tls="No" | count_distinct(a_code)',
    );
    expect(status.state).toBe('DONE GATHERING RESULTS');
    expect(status.recordCount).toBe(1);
    expect(page.rows).toEqual([{ map: { _count_distinct: '2' } }]);
    expect(page.fields).toEqual([{ name: '_count_distinct', fieldType: 'long', keyField: false }]);
  });

  it('runs the keyword seed query verbatim, keys in lower case and values as strings', async () => {
    const { page } = await records('_sourceCategory=x keyword | json "a" as A nodrop | where a="b" | count by a');
    expect(page.rows).toEqual([{ map: { a: 'b', _count: '2' } }]);
    expect(page.fields.map((f) => [f.name, f.keyField])).toEqual([
      ['a', true],
      ['_count', false],
    ]);
  });

  it('pages messages newest first, with histogram buckets and the message count', async () => {
    const { id } = service.create(
      {
        query: '_sourceName=dlp | json "policy"',
        from: '2026-11-20T00:00:00',
        to: '2026-11-21T00:00:00',
        timeZone: 'UTC',
      },
      OWNER,
    );
    await service.wait(id);
    const status = service.status(id, OWNER);
    expect(status.messageCount).toBe(3);
    expect(status.histogramBuckets.reduce((s, b) => s + b.count, 0)).toBe(3);
    const first = service.messages(id, OWNER, 0, 1);
    expect(first.rows).toHaveLength(1);
    expect(first.rows[0].map.policy).toBe('Attachment Block');
    expect(first.rows[0].map._messagetime).toBe(String(DAY + 7 * 3_600_000));
    expect(first.rows[0].map._sourcecategory).toBe('mimecast');
    const rest = service.messages(id, OWNER, 1, 10);
    expect(rest.rows.map((r) => r.map.policy)).toEqual(['Content Inspection - Watermark', 'Content Inspection - Watermark']);
    expect(service.records(id, OWNER, 0, 10).rows).toEqual([]);
  });

  it('reads ISO local times in the given time zone', async () => {
    const { id } = service.create(
      {
        query: '_sourceName=dlp | count',
        from: '2026-11-20T07:30:00',
        to: '2026-11-20T09:00:00',
        timeZone: 'Europe/Paris',
      },
      OWNER,
    );
    await service.wait(id);
    // Paris is UTC+1 in November: 06:30–08:00 UTC holds the 07:00 event only.
    expect(service.records(id, OWNER, 0, 10).rows).toEqual([{ map: { _count: '1' } }]);
  });

  it('AutoParse gives every JSON key as a field of each message', async () => {
    const { id } = service.create({ query: '_sourceName=dlp outbound', ...day, autoParsingMode: 'AutoParse' }, OWNER);
    await service.wait(id);
    const rows = service.messages(id, OWNER, 0, 10).rows;
    expect(rows).toHaveLength(1);
    expect(rows[0].map).toMatchObject({ policy: 'Attachment Block', senderaddress: 'eve@corp.example', route: 'outbound' });
  });

  it('searches health events under _index=sumologic_system_events and its alias', async () => {
    for (const scope of ['_index=sumologic_system_events', '_index=health_events']) {
      const { page } = await records(`${scope} | count by _sourcecategory, _sourcename`);
      expect(page.rows).toEqual([{ map: { _sourcecategory: 'Collection', _sourcename: 'ThirdPartyConfigError', _count: '1' } }]);
    }
    const main = await records('* | count');
    expect(main.page.rows).toEqual([{ map: { _count: '25' } }]);
  });

  it('rejects a bad query at once with searchQueryError and its position', () => {
    let error: unknown;
    try {
      service.create({ query: '* | json "a" as a | wher a = 1', ...day }, OWNER);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('searchQueryError');
    expect((error as AppError).message).toBe("line 1, column 21: operator 'wher' is not supported");
  });

  it('rejects an unknown time expression naming the field', () => {
    expect(() => service.create({ query: '*', from: '-24x', to: 'now' }, OWNER)).toThrow(/from: unknown time expression '-24x'/);
  });

  it('cancels on delete and expires jobs 5 minutes after their last read', async () => {
    const { id } = service.create({ query: '* | count', ...day }, OWNER);
    await service.wait(id);
    clock.advance(4 * 60_000);
    service.status(id, OWNER);
    clock.advance(4 * 60_000);
    service.expireIdle();
    expect(service.status(id, OWNER).state).toBe('DONE GATHERING RESULTS');
    clock.advance(5 * 60_000);
    service.expireIdle();
    expect(() => service.status(id, OWNER)).toThrow(/not found/);

    const other = service.create({ query: '* | count', ...day }, OWNER);
    service.remove(other.id, OWNER);
    expect(() => service.status(other.id, OWNER)).toThrow(/not found/);
  });
});
