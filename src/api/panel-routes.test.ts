import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../core/clock.js';
import { DAY, MESSAGES } from '../query/__fixtures__/messages.js';
import { toStoreMessage } from '../query/test-support.js';
import { startTestApi, type TestApi } from './test-helpers.js';

let api: TestApi;

beforeAll(async () => {
  api = await startTestApi({ clock: new ManualClock(DAY + 86_400_000) });
  await api.store.messages.append(MESSAGES.map(toStoreMessage));
});
afterAll(() => api.close());

async function runPanel(payload: Record<string, unknown>, headers: Record<string, string> = { authorization: api.auth }) {
  const res = await api.app.inject({ method: 'POST', url: '/api/ui/panels/run', payload, headers });
  return { status: res.statusCode, body: res.json() };
}

const day = { from: '2026-11-20T00:00:00', to: '2026-11-21T00:00:00', timeZone: 'UTC' };
const BY_DIRECTION = '_sourceCategory=mimecast | json "direction" as direction | where direction matches "{{direction}}" | count';

describe('POST /api/ui/panels/run', () => {
  it('answers typed values with each column’s type: numbers as numbers, a missing value as null', async () => {
    const res = await runPanel({
      query: '_sourceCategory=mimecast | json "direction" as direction nodrop | count by direction | sort by direction asc',
      ...day,
    });
    expect(res.status).toBe(200);
    expect(res.body.fields).toEqual([
      { name: 'direction', fieldType: 'string', keyField: true },
      { name: '_count', fieldType: 'long', keyField: false },
    ]);
    expect(res.body.rows).toEqual([
      { direction: 'Inbound', _count: 6 },
      { direction: 'Outbound', _count: 2 },
      { direction: null, _count: 5 },
    ]);
  });

  it('substitutes the variables with the compiler’s rule and returns the query as it ran', async () => {
    const unset = await runPanel({ query: BY_DIRECTION, ...day });
    const outbound = await runPanel({ query: BY_DIRECTION, variables: { direction: 'Outbound' }, ...day });
    expect(unset.body.rows).toEqual([{ _count: 8 }]);
    expect(unset.body.query).toBe(BY_DIRECTION.replace('{{direction}}', '*'));
    expect(outbound.body.rows).toEqual([{ _count: 2 }]);
    expect(outbound.body.query).toBe(BY_DIRECTION.replace('{{direction}}', 'Outbound'));
  });

  it('keeps a value with quotes and backslashes one string: an injection attempt matches nothing', async () => {
    const attempt = 'x" or direction matches "*';
    const injected = await runPanel({ query: BY_DIRECTION, variables: { direction: attempt }, ...day });
    expect(injected.status).toBe(200);
    expect(injected.body.rows).toEqual([{ _count: 0 }]);
    expect(injected.body.query).toBe(BY_DIRECTION.replace('{{direction}}', 'x\\" or direction matches \\"*'));
    const backslash = await runPanel({ query: BY_DIRECTION, variables: { direction: 'Out\\' }, ...day });
    expect(backslash.body.rows).toEqual([{ _count: 0 }]);

    // Outside a string the value stays one term too, instead of widening the scope.
    const scope = await runPanel({ query: '_sourceCategory={{category}} | count', variables: { category: 'nothing OR mimecast' }, ...day });
    expect(scope.body.query).toBe('_sourceCategory="nothing OR mimecast" | count');
    expect(scope.body.rows).toEqual([{ _count: 0 }]);

    // The returned text means the same when run again without variables ("Open in Search").
    const again = await runPanel({ query: injected.body.query, ...day });
    expect(again.body.rows).toEqual(injected.body.rows);
  });

  it('runs an aggregate query without a histogram: the answer is the query, its fields, kind and rows', async () => {
    const res = await runPanel({ query: BY_DIRECTION, ...day });
    expect(Object.keys(res.body).sort()).toEqual(['fields', 'kind', 'query', 'rows']);
    expect(res.body.kind).toBe('records');
  });

  it('answers messages for a query that does not aggregate', async () => {
    const res = await runPanel({ query: '_sourceCategory=x keyword | json "a" as a | where a = "c"', ...day });
    expect(res.body.rows).toHaveLength(1);
    expect(res.body.rows[0]).toMatchObject({ a: 'c', _sourcecategory: 'x', _messagetime: DAY + 10 * 3_600_000 + 2 * 60_000 });
    expect(res.body.fields.map((f: { name: string }) => f.name)).toContain('_raw');
  });

  it('answers the positioned searchQueryError 400 for a query that does not parse', async () => {
    const res = await runPanel({ query: '_sourceCategory=x | count by', from: DAY, to: DAY + 1000 });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('searchQueryError');
    expect(res.body.message).toBe('line 1, column 29: unexpected end of query; expected a field to group by');
  });

  it('names the field a body breaks, and needs credentials', async () => {
    expect((await runPanel({ ...day })).body.message).toBe('query: is required');
    expect((await runPanel({ query: '*', variables: { direction: 1 }, ...day })).body.message).toBe(
      'variables.direction: must be a string',
    );
    expect((await runPanel({ query: '*', ...day }, {})).status).toBe(401);
  });
});
