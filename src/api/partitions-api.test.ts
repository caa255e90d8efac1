import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ManualClock } from '../core/clock.js';
import { makeMessage } from '../store/__fixtures__/builders.js';
import { startTestApi, type TestApi } from './test-helpers.js';

const DAY = 86_400_000;
let api: TestApi;

beforeEach(async () => {
  api = await startTestApi({ config: { retentionDays: 40 } });
});
afterEach(() => api.close());

const call = (method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, payload?: unknown) =>
  api.app.inject({ method, url, payload: payload as object, headers: { authorization: api.auth } });

const search = async (query: string) => {
  const now = api.clock.now();
  const rows = await api.services.search.run({ query, from: now - 60 * DAY, to: now + 1000 });
  return rows;
};

describe('Partitions API', () => {
  it('lists the default partition with the configured retention', async () => {
    const listed = await call('GET', '/api/v1/partitions');
    expect(listed.statusCode).toBe(200);
    expect(listed.json().data).toEqual([
      expect.objectContaining({ name: 'sumologic_default', retentionPeriod: 40, indexType: 'DefaultIndex', totalBytes: 0 }),
    ]);
  });

  it('creates a partition, routes messages to it, searches it by _index and without, and sizes it', async () => {
    const created = await call('POST', '/api/v1/partitions', {
      name: 'firewall',
      routingExpression: '_sourceCategory=firewall/* or fw_zone=dmz',
      retentionPeriod: 10,
    });
    expect(created.statusCode).toBe(200);
    const { id } = created.json();
    const now = api.clock.now();
    await api.store.messages.append([
      makeMessage('S1', 'a', { messageTime: now - 1000, sourceCategory: 'Firewall/edge' }),
      makeMessage('S1', 'b', { messageTime: now - 1000, fields: { fw_zone: 'DMZ' } }),
      makeMessage('S1', 'c', { messageTime: now - 1000, sourceCategory: 'mimecast' }),
    ]);
    expect(await search('_index=firewall | count')).toMatchObject({ rows: [{ _count: 2 }] });
    expect(await search('_index=sumologic_default | count')).toMatchObject({ rows: [{ _count: 1 }] });
    expect(await search('* | count')).toMatchObject({ rows: [{ _count: 3 }] });
    const got = (await call('GET', `/api/v1/partitions/${id}`)).json();
    expect(got).toMatchObject({ name: 'firewall', retentionPeriod: 10, indexType: 'Partition' });
    expect(got.totalBytes).toBeGreaterThan(0);
    expect((await call('DELETE', `/api/v1/partitions/${id}`)).statusCode).toBe(204);
    expect((await call('GET', `/api/v1/partitions/${id}`)).statusCode).toBe(404);
  });

  it('leaves a partition out of searches without _index when isIncludedInDefaultSearch is false', async () => {
    const created = await call('POST', '/api/v1/partitions', {
      name: 'Noisy',
      routingExpression: '_sourceCategory=noisy',
      isIncludedInDefaultSearch: false,
    });
    expect(created.json()).toMatchObject({ name: 'Noisy', isIncludedInDefaultSearch: false });
    const now = api.clock.now();
    await api.store.messages.append([
      makeMessage('S1', 'n1', { messageTime: now - 1000, sourceCategory: 'noisy' }),
      makeMessage('S1', 'm1', { messageTime: now - 1000, sourceCategory: 'mimecast' }),
    ]);
    expect(await search('* | count')).toMatchObject({ rows: [{ _count: 1 }] });
    expect(await search('_index=noisy | count')).toMatchObject({ rows: [{ _count: 1 }] });
    expect(await search('_sourceCategory=noisy | count')).toMatchObject({ rows: [{ _count: 0 }] });

    const { id } = created.json();
    expect((await call('PUT', `/api/v1/partitions/${id}`, { isIncludedInDefaultSearch: true })).json().isIncludedInDefaultSearch).toBe(
      true,
    );
    expect(await search('* | count')).toMatchObject({ rows: [{ _count: 2 }] });
    expect(
      (await call('GET', '/api/v1/partitions'))
        .json()
        .data.every((p: { isIncludedInDefaultSearch: boolean }) => p.isIncludedInDefaultSearch),
    ).toBe(true);

    const fallback = (await call('GET', '/api/v1/partitions')).json().data.find((p: { name: string }) => p.name === 'sumologic_default');
    const refused = await call('PUT', `/api/v1/partitions/${fallback.id}`, { isIncludedInDefaultSearch: false });
    expect([refused.statusCode, refused.json().field]).toEqual([400, 'isIncludedInDefaultSearch']);
  });

  it('shortens retention after seven days, or at once with reduceRetentionPeriodImmediately', async () => {
    const { id } = (
      await call('POST', '/api/v1/partitions', { name: 'fw', routingExpression: '_sourceCategory=fw', retentionPeriod: 10 })
    ).json();
    const now = api.clock.now();
    await api.store.messages.append([makeMessage('S1', 'old', { messageTime: now - 5 * DAY, sourceCategory: 'fw' })]);

    const later = await call('PUT', `/api/v1/partitions/${id}`, { retentionPeriod: 2 });
    expect(later.json()).toMatchObject({ retentionPeriod: 10, newRetentionPeriod: 2 });
    expect(Date.parse(later.json().retentionEffectiveAt)).toBe(now + 7 * DAY);
    await api.services.partitions.sweep();
    expect(await search('_index=fw | count')).toMatchObject({ rows: [{ _count: 1 }] });

    const now2 = await call('PUT', `/api/v1/partitions/${id}`, { retentionPeriod: 2, reduceRetentionPeriodImmediately: true });
    expect(now2.json()).toMatchObject({ retentionPeriod: 2 });
    expect(now2.json().newRetentionPeriod).toBeUndefined();
    expect(await search('_index=fw | count')).toMatchObject({ rows: [{ _count: 0 }] });
    // …and a backfill of a message that old is not stored again.
    (api.clock as ManualClock).advance(1000);
    expect(
      (await api.store.messages.append([makeMessage('S1', 'old2', { messageTime: now - 5 * DAY, sourceCategory: 'fw' })])).inserted,
    ).toBe(0);
  });

  it('refuses bad input with a 400 naming the field', async () => {
    await call('POST', '/api/v1/partitions', { name: 'fw', routingExpression: '_sourceCategory=fw' });
    const cases: [unknown, string][] = [
      [{ name: 'a', routingExpression: '_sourceCategory=a', retentionPeriod: 0 }, 'retentionPeriod'],
      [{ name: 'a', routingExpression: '_sourceCategory=a', retentionPeriod: -3 }, 'retentionPeriod'],
      [{ name: 'a', routingExpression: '_sourceCategory=(' }, 'routingExpression'],
      [{ name: 'a', routingExpression: 'error' }, 'routingExpression'],
      [{ name: 'a', routingExpression: '_sourceCategory=a | count' }, 'routingExpression'],
      [{ name: 'b', routingExpression: ' _SOURCECATEGORY=fw ' }, 'routingExpression'],
      [{ name: 'FW', routingExpression: '_sourceCategory=other' }, 'name'],
      [{ name: 'sumologic_x', routingExpression: '_sourceCategory=x' }, 'name'],
      [{ name: 'has space', routingExpression: '_sourceCategory=x' }, 'name'],
    ];
    for (const [body, field] of cases) {
      const res = await call('POST', '/api/v1/partitions', body);
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      expect(res.json().field, JSON.stringify(body)).toBe(field);
    }
    const fallback = (await call('GET', '/api/v1/partitions')).json().data.find((p: { name: string }) => p.name === 'sumologic_default');
    const res = await call('PUT', `/api/v1/partitions/${fallback.id}`, { retentionPeriod: 5 });
    expect(res.statusCode).toBe(400);
    expect(res.json().field).toBe('retentionPeriod');

    // A compliant partition keeps its retention or more, and stays compliant.
    const { id } = (
      await call('POST', '/api/v1/partitions', {
        name: 'audit',
        routingExpression: '_sourceCategory=audit',
        retentionPeriod: 90,
        isCompliant: true,
      })
    ).json();
    for (const [body, field] of [
      [{ retentionPeriod: 30, reduceRetentionPeriodImmediately: true }, 'retentionPeriod'],
      [{ isCompliant: false }, 'isCompliant'],
    ] as const) {
      const refused = await call('PUT', `/api/v1/partitions/${id}`, body);
      expect(refused.statusCode).toBe(400);
      expect(refused.json().field).toBe(field);
    }
    expect((await call('PUT', `/api/v1/partitions/${id}`, { retentionPeriod: 120 })).json()).toMatchObject({
      retentionPeriod: 120,
      isCompliant: true,
    });
  });
});
