import { beforeEach, describe, expect, it } from 'vitest';
import type { ManualClock } from '../../core/clock.js';
import type { HealthEventRecord } from '../../model/health-event.js';
import type { Store } from '../store.js';
import type { StoreUnderTest } from './context.js';

/** The health events part of the Store contract: one open event per name and resource, resolved together. */
export function healthContract(t: () => StoreUnderTest): void {
  describe('health events', () => {
    let store: Store;
    let clock: ManualClock;
    beforeEach(() => {
      ({ store, clock } = t());
    });

    const event = (resourceId: string, eventName: HealthEventRecord['eventName'] = 'ThirdPartyConfigError') => ({
      eventName,
      severityLevel: 'Error' as const,
      details: { trackerId: 'T1', name: 'Invalid credentials', description: 'd', error: '401' },
      resourceIdentity: { collectorId: 'C1', collectorName: 'c', id: resourceId, name: 'Mimecast', type: 'Source' as const },
      eventTime: clock.now(),
    });

    it('raises once per open name and resource, and resolves', async () => {
      const first = await store.health.raise(event('S1'));
      clock.advance(1000);
      const again = await store.health.raise(event('S1'));
      const other = await store.health.raise(event('S1', 'ThirdPartyGenericError'));
      expect(first).toMatchObject({ status: 'Unhealthy', resolvedAt: null });
      expect(again.eventId).toBe(first.eventId);
      expect(other.eventId).not.toBe(first.eventId);

      const resolved = await store.health.resolve('S1', 'ThirdPartyConfigError');
      expect(resolved.map((e) => [e.eventId, e.status, e.resolvedAt])).toEqual([[first.eventId, 'Healthy', clock.now()]]);
      expect(await store.health.resolve('S1', 'ThirdPartyConfigError')).toEqual([]);
      const reopened = await store.health.raise(event('S1'));
      expect(reopened.eventId).not.toBe(first.eventId);
      expect((await store.health.resolve('S1')).map((e) => e.eventId).sort()).toEqual([other.eventId, reopened.eventId].sort());
    });

    it('counts a recurring event while it is open, keeping the latest error, and leaves another tracker alone', async () => {
      const setAside = (error: string) => ({
        ...event('S3', 'ThirdPartyGenericError'),
        details: { ...event('S3').details, trackerId: 'SetAside:S3', error },
      });
      const first = await store.health.raiseCounted(setAside('file a'));
      expect(first.details).toMatchObject({ count: 1, error: 'file a' });
      const second = await store.health.raiseCounted(setAside('file b'));
      expect(second).toMatchObject({ eventId: first.eventId, details: { count: 2, error: 'file b' } });
      expect((await store.health.list({ unresolvedOnly: true, resourceIds: ['S3'], limit: 10, offset: 0 }))[0].details.count).toBe(2);
      // An open event of the same name from another cause is not rewritten.
      const outage = await store.health.raise(event('S4', 'ThirdPartyGenericError'));
      const onTop = await store.health.raiseCounted({ ...setAside('file c'), resourceIdentity: outage.resourceIdentity });
      expect(onTop).toMatchObject({ eventId: outage.eventId, details: outage.details });
      await store.health.resolve('S3');
      expect((await store.health.raiseCounted(setAside('file d'))).details).toMatchObject({ count: 1, error: 'file d' });
    });

    it('lists with filters and paging, newest first', async () => {
      const a = await store.health.raise(event('S1'));
      clock.advance(10);
      const b = await store.health.raise(event('S2'));
      clock.advance(10);
      const c = await store.health.raise(event('S3'));
      await store.health.resolve('S3');
      const ids = (events: HealthEventRecord[]) => events.map((e) => e.eventId);
      expect(ids(await store.health.list({ unresolvedOnly: true, limit: 10, offset: 0 }))).toEqual([b.eventId, a.eventId]);
      expect(ids(await store.health.list({ unresolvedOnly: false, limit: 10, offset: 0 }))).toEqual([c.eventId, b.eventId, a.eventId]);
      expect(ids(await store.health.list({ unresolvedOnly: false, limit: 1, offset: 1 }))).toEqual([b.eventId]);
      expect(ids(await store.health.list({ unresolvedOnly: false, resourceIds: ['S1', 'S3'], limit: 10, offset: 0 }))).toEqual([
        c.eventId,
        a.eventId,
      ]);
      expect(await store.health.list({ unresolvedOnly: false, resourceIds: [], limit: 10, offset: 0 })).toEqual([]);
    });
  });
}
