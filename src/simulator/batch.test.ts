import { gunzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { BATCH_INTERVAL_MS, expectedEvents } from './index.js';
import { startTestSim, type TestSim } from './test-support.js';

const PATH = '/siem/v1/batch/events/cg';
const DAY = 86_400_000;
let t: TestSim;
afterEach(async () => {
  await t.sim.close();
});

interface BatchPage {
  value: { url: string; size: number; expiry: string }[];
  '@nextPage': string;
  isCaughtUp: boolean;
}

async function list(params: Record<string, string>): Promise<BatchPage> {
  const res = await t.get(PATH, params);
  expect(res.status).toBe(200);
  return (await res.json()) as BatchPage;
}

async function walk(first: Record<string, string>): Promise<{ files: BatchPage['value']; token: string }> {
  let p = await list(first);
  const files = [...p.value];
  while (!p.isCaughtUp) {
    p = await list({ nextPage: p['@nextPage'] });
    files.push(...p.value);
  }
  return { files, token: p['@nextPage'] };
}

async function download(url: string, size?: number): Promise<Record<string, unknown>[]> {
  const res = await fetch(url);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toBe('application/gzip');
  const gz = Buffer.from(await res.arrayBuffer());
  if (size !== undefined) expect(gz.length).toBe(size);
  const text = gunzipSync(gz).toString('utf8');
  expect(text.endsWith('\n')).toBe(true);
  return text
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);

describe('GET /siem/v1/batch/events/cg and its files', () => {
  it('lists gzip NDJSON files that together hold exactly the expected events of finished intervals', async () => {
    t = await startTestSim();
    const startDay = Date.parse(day(t.now()));
    const { files } = await walk({ type: 'receipt,process', dateRangeStartsAt: day(startDay), pageSize: '10' });
    expect(files.length).toBeGreaterThan(20);
    const events: Record<string, unknown>[] = [];
    for (const f of files) events.push(...(await download(f.url, f.size)));
    const end = Math.floor(t.now() / BATCH_INTERVAL_MS) * BATCH_INTERVAL_MS;
    const expected = expectedEvents(t.options, 'siem', startDay, end, 'batch').filter(
      (e) => e.logType === 'receipt' || e.logType === 'process',
    );
    const key = (e: Record<string, unknown>) => String(e.processingId);
    expect(events.map(key).sort()).toEqual(expected.map((e) => e.key).sort());
    expect(new Set(events.map(key)).size).toBe(events.length);
    const first = events[0] as Record<string, unknown>;
    expect(first).toEqual(expected.find((e) => e.key === first.processingId)?.record);
    expect(first).toHaveProperty('type');
    expect(first).toHaveProperty('subtype');
    expect(typeof first._offset).toBe('number');
    expect(typeof first._partition).toBe('number');
  });

  it('continues from @nextPage when a new interval completes', async () => {
    t = await startTestSim({ siemPerHour: 400 });
    const { token } = await walk({ type: 'delivery', dateRangeStartsAt: day(t.now()) });
    const caughtUp = await list({ nextPage: token });
    expect(caughtUp.value).toEqual([]);
    expect(caughtUp.isCaughtUp).toBe(true);
    const boundary = Math.ceil(t.now() / BATCH_INTERVAL_MS) * BATCH_INTERVAL_MS;
    t.advance(boundary - t.now() + 1000);
    const next = await list({ nextPage: caughtUp['@nextPage'] });
    expect(next.value).toHaveLength(1);
    const lines = await download(next.value[0]?.url ?? '');
    const expected = expectedEvents(t.options, 'siem', boundary - BATCH_INTERVAL_MS, boundary, 'batch').filter(
      (e) => e.logType === 'delivery',
    );
    expect(lines.map((e) => e.processingId)).toEqual(expected.map((e) => e.key));
  });

  it('file URLs must be fetched without Authorization, reject tampering and expire', async () => {
    t = await startTestSim({ batchUrlTtlSec: 600 });
    const p = await list({ type: 'receipt', dateRangeStartsAt: day(t.now()), pageSize: '1' });
    const url = p.value[0]?.url ?? '';
    expect(Date.parse(p.value[0]?.expiry ?? '')).toBe(t.now() + 600_000);
    const withAuth = await fetch(url, { headers: { authorization: `Bearer ${await t.token()}` } });
    expect(withAuth.status).toBe(400);
    expect(await withAuth.text()).toContain('<Code>InvalidArgument</Code>');
    const tampered = await fetch(url.replace(/X-Amz-Signature=[0-9a-f]/, 'X-Amz-Signature=z'));
    expect(tampered.status).toBe(403);
    expect(await tampered.text()).toContain('SignatureDoesNotMatch');
    expect((await fetch(url)).status).toBe(200);
    t.advance(601_000);
    const expired = await fetch(url);
    expect(expired.status).toBe(403);
    expect(await expired.text()).toContain('Request has expired');
  });

  it('expiredBatchUrls fault hands out URLs that are already expired', async () => {
    t = await startTestSim({ faults: { expiredBatchUrls: true } });
    const p = await list({ type: 'receipt', dateRangeStartsAt: day(t.now()), pageSize: '2' });
    expect(Date.parse(p.value[0]?.expiry ?? '')).toBeLessThan(t.now());
    expect((await fetch(p.value[0]?.url ?? '')).status).toBe(403);
    expect(t.sim.stats().faults.expiredBatchUrls).toBe(2);
  });

  it('answers 400 with the error body for retention, missing type and malformed dates', async () => {
    t = await startTestSim();
    const cases: Record<string, string>[] = [
      { type: 'receipt', dateRangeStartsAt: day(t.now() - 8 * DAY) },
      { dateRangeStartsAt: day(t.now()) },
      { type: 'receipt', dateRangeStartsAt: new Date(t.now()).toISOString() },
      { type: 'receipt', dateRangeStartsAt: '2026-13-01' },
      { type: 'receipt', dateRangeStartsAt: day(t.now()), dateRangeEndsAt: day(t.now() - 2 * DAY) },
      { type: 'receipt', pageSize: '101' },
      { type: 'nope' },
    ];
    for (const params of cases) {
      const res = await t.get(PATH, params);
      expect(res.status, JSON.stringify(params)).toBe(400);
      const body = (await res.json()) as { error: { code: string; message: string } };
      expect(body.error.code).toBe('Request Validation Failed');
    }
    const p = await list({ type: 'receipt', dateRangeStartsAt: day(t.now()), pageSize: '1' });
    const mismatch = await t.get(PATH, { nextPage: p['@nextPage'], type: 'process' });
    expect(mismatch.status).toBe(400);
  });
});
