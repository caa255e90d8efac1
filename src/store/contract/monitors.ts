import { describe, expect, it } from 'vitest';
import type { ConnectionDefinition } from '../../model/connection.js';
import { MONITOR_FOLDER_TYPE, MONITOR_TYPE, MONITORS_ROOT_ID } from '../../model/monitor.js';
import type { NewMonitorItem } from '../monitors.js';
import type { StoreUnderTest } from './context.js';

/** The monitors, connections and alerts part of the Store contract; `t()` is the running test's store and clock. */
export function monitorsContract(t: () => StoreUnderTest): void {
  const monitor = (parentId: string, name: string): NewMonitorItem => ({
    parentId,
    type: MONITOR_TYPE,
    name,
    body: { name, queries: [{ rowId: 'A', query: '*' }], custom: { kept: true } },
    isDisabled: false,
    createdBy: 'suA',
  });

  describe('monitors', () => {
    it('keeps a tree of folders and monitors, versions updates and deletes a folder with its subtree', async () => {
      const { store, clock } = t();
      const folder = await store.monitors.create({ ...monitor(MONITORS_ROOT_ID, 'Mimecast'), type: MONITOR_FOLDER_TYPE, body: {} });
      const m = await store.monitors.create(monitor(folder.id, 'b'));
      await store.monitors.create(monitor(folder.id, 'a'));
      expect(m).toMatchObject({
        parentId: folder.id,
        version: 1,
        createdAt: clock.now(),
        createdBy: 'suA',
        body: { custom: { kept: true } },
      });
      expect((await store.monitors.children(folder.id)).map((c) => c.name)).toEqual(['a', 'b']);
      expect((await store.monitors.children(MONITORS_ROOT_ID)).map((c) => c.id)).toEqual([folder.id]);
      clock.advance(1000);
      const changed = await store.monitors.update(m.id, { name: 'b2', body: {}, isDisabled: true, modifiedBy: 'suB' }, 1);
      expect(changed).toMatchObject({ name: 'b2', version: 2, isDisabled: true, modifiedAt: clock.now(), modifiedBy: 'suB' });
      await expect(store.monitors.update(m.id, { name: 'x', body: {}, isDisabled: false, modifiedBy: 'suB' }, 1)).rejects.toMatchObject({
        code: 'precondition.failed',
      });
      await expect(store.monitors.update('NOPE', { name: 'x', body: {}, isDisabled: false, modifiedBy: 'suB' })).rejects.toMatchObject({
        code: 'notfound',
      });
      expect(await store.monitors.delete(folder.id)).toBe(true);
      expect(await store.monitors.get(m.id)).toBeUndefined();
      expect(await store.monitors.children(folder.id)).toEqual([]);
      expect(await store.monitors.delete(folder.id)).toBe(false);
    });

    it('deletes with an expected version only while the item still has it', async () => {
      const { store } = t();
      const m = await store.monitors.create(monitor(MONITORS_ROOT_ID, 'cas'));
      // Another process changed it since version 1 was read: the delete over version 1 is refused.
      await store.monitors.update(m.id, { name: 'cas', body: {}, isDisabled: false, modifiedBy: 'suB' }, 1);
      await expect(store.monitors.delete(m.id, 1)).rejects.toMatchObject({ code: 'precondition.failed' });
      expect(await store.monitors.get(m.id)).toMatchObject({ version: 2 });
      expect(await store.monitors.delete(m.id, 2)).toBe(true);
      expect(await store.monitors.delete(m.id, 2)).toBe(false);
    });

    it('hands each due monitor out once per interval, never a disabled one or a folder', async () => {
      const { store, clock } = t();
      await store.monitors.create({ ...monitor(MONITORS_ROOT_ID, 'folder'), type: MONITOR_FOLDER_TYPE });
      const a = await store.monitors.create(monitor(MONITORS_ROOT_ID, 'a'));
      await store.monitors.create({ ...monitor(MONITORS_ROOT_ID, 'off'), isDisabled: true });
      expect((await store.monitors.claimDue(clock.now(), 60_000, 10)).map((x) => x.id)).toEqual([a.id]);
      expect(await store.monitors.claimDue(clock.now(), 60_000, 10)).toEqual([]);
      clock.advance(60_000);
      expect((await store.monitors.claimDue(clock.now(), 60_000, 10)).map((x) => x.id)).toEqual([a.id]);
      // A change makes the monitor due at once.
      await store.monitors.update(a.id, { name: 'a', body: {}, isDisabled: false, modifiedBy: 'suA' });
      expect((await store.monitors.claimDue(clock.now(), 60_000, 10)).map((x) => x.id)).toEqual([a.id]);
    });
  });

  describe('connections', () => {
    const definition: ConnectionDefinition = {
      name: 'soc',
      description: '',
      url: 'https://hooks.example/alert',
      headers: [
        { name: 'Authorization', value: 'Bearer sekrit-token-1' },
        { name: 'X-Team', value: 'soc' },
      ],
      customHeaders: [{ name: 'X-Api-Key', value: 'sekrit-key-2' }],
      defaultPayload: '{"a":"{{Name}}"}',
      resolutionPayload: null,
      webhookType: 'Webhook',
      connectionSubtype: null,
    };

    it('seals secret header values at rest and gives them back in clear; versions updates and deletes', async () => {
      const { store } = t();
      const created = await store.connections.create(definition, 'suA');
      expect(created).toMatchObject({ ...definition, version: 1, createdBy: 'suA' });
      expect(await store.connections.get(created.id)).toEqual(created);
      const dump = JSON.stringify(await store.query('SELECT * FROM connections', []));
      expect(dump).not.toContain('sekrit');
      expect(dump).toContain('X-Team');
      const updated = await store.connections.update(created.id, { ...definition, name: 'soc2' }, 'suB', 1);
      expect(updated).toMatchObject({ name: 'soc2', version: 2, headers: definition.headers, modifiedBy: 'suB' });
      await expect(store.connections.update(created.id, definition, 'suB', 1)).rejects.toMatchObject({ code: 'precondition.failed' });
      expect((await store.connections.list()).map((c) => c.name)).toEqual(['soc2']);
      // A delete over a version another process has since changed is refused, and checked as it deletes.
      const changed = await store.connections.update(created.id, { ...definition, description: 'changed' }, 'suB', updated.version);
      await expect(store.connections.delete(created.id, updated.version)).rejects.toMatchObject({ code: 'precondition.failed' });
      expect(await store.connections.get(created.id)).toMatchObject({ version: changed.version });
      expect(await store.connections.delete(created.id, changed.version)).toBe(true);
      expect(await store.connections.delete(created.id, changed.version)).toBe(false);
      expect(await store.connections.delete(created.id)).toBe(false);
    });
  });

  describe('alerts', () => {
    it('opens one alert per monitor, trigger type and series, with its deliveries, and resolves it once', async () => {
      const { store, clock } = t();
      const base = { monitorId: 'M1', triggerType: 'Critical' as const, seriesKey: '', value: 3, startedAt: clock.now() };
      const delivery = (id: string) => ({ id, connectionId: 'C1', triggerType: 'Critical' as const, payload: '{}' });
      expect(await store.alerts.open({ ...base, id: 'A1' }, [delivery('D1')])).toMatchObject({ id: 'A1', resolvedAt: null });
      expect(await store.alerts.open({ ...base, id: 'A2' }, [delivery('D2')])).toBeUndefined();
      expect(await store.alerts.open({ ...base, id: 'A3', seriesKey: 'x' }, [])).toBeDefined();
      expect((await store.alerts.listOpen('M1')).map((a) => a.id).sort()).toEqual(['A1', 'A3']);
      expect((await store.alerts.listDeliveries({ monitorId: 'M1' })).map((d) => d.id)).toEqual(['D1']);
      clock.advance(1000);
      const resolved = [{ id: 'D3', connectionId: 'C1', triggerType: 'ResolvedCritical' as const, payload: '{}' }];
      expect(await store.alerts.resolve('A1', clock.now(), 'Auto', resolved)).toBe(true);
      expect(await store.alerts.resolveByHand('A1', clock.now(), 'suA', [])).toBe(false);
      expect((await store.alerts.list({ monitorId: 'M1', limit: 10, offset: 0 })).alerts.find((a) => a.id === 'A1')).toMatchObject({
        resolvedAt: clock.now(),
        resolution: 'Auto',
        resolvedBy: null,
      });
      const active = await store.alerts.list({ status: 'Active', limit: 10, offset: 0 });
      expect({ ids: active.alerts.map((a) => a.id), total: active.total }).toEqual({ ids: ['A3'], total: 1 });
      expect((await store.alerts.list({ status: 'Resolved', limit: 10, offset: 0 })).alerts.map((a) => a.id)).toEqual(['A1']);
      expect((await store.alerts.open({ ...base, id: 'A4' }, []))?.id).toBe('A4');
    });

    it('acknowledges an open alert and holds one resolved by hand until it is released', async () => {
      const { store, clock } = t();
      await store.alerts.open({ id: 'A1', monitorId: 'M1', triggerType: 'Critical', seriesKey: '', value: 1, startedAt: clock.now() }, []);
      clock.advance(1000);
      expect(await store.alerts.acknowledge('A1', clock.now(), 'suA')).toBe(true);
      expect(await store.alerts.get('A1')).toMatchObject({ acknowledgedAt: clock.now(), acknowledgedBy: 'suA', resolvedAt: null });
      const told = (id: string) => [{ id, connectionId: 'C1', triggerType: 'ResolvedCritical' as const, payload: '{}' }];
      expect(await store.alerts.resolveByHand('A1', clock.now(), 'suB', told('D1'))).toBe(true);
      // A second resolve changes nothing and queues nothing.
      expect(await store.alerts.resolveByHand('A1', clock.now(), 'suB', told('D2'))).toBe(false);
      expect((await store.alerts.listDeliveries({ alertId: 'A1' })).map((d) => [d.id, d.triggerType, d.status])).toEqual([
        ['D1', 'ResolvedCritical', 'Pending'],
      ]);
      expect(await store.alerts.acknowledge('A1', clock.now(), 'suA')).toBe(false);
      expect(await store.alerts.get('A1')).toMatchObject({ resolution: 'Manual', resolvedBy: 'suB', resolvedAt: clock.now() });
      expect((await store.alerts.listHeld('M1')).map((a) => a.id)).toEqual(['A1']);
      await store.alerts.release('A1');
      expect(await store.alerts.listHeld('M1')).toEqual([]);
      expect(await store.alerts.get('NOPE')).toBeUndefined();
    });

    it('leases pending deliveries, records attempts and hands out a lost lease again', async () => {
      const { store, clock } = t();
      await store.alerts.open({ id: 'A1', monitorId: 'M1', triggerType: 'Critical', seriesKey: '', value: 1, startedAt: clock.now() }, [
        { id: 'D1', connectionId: 'C1', triggerType: 'Critical', payload: '{"n":1}' },
      ]);
      const [claimed] = await store.alerts.claimDeliveries(clock.now(), 30_000, 10);
      expect(claimed).toMatchObject({ id: 'D1', alertId: 'A1', status: 'Pending', attempts: 0, payload: '{"n":1}' });
      expect(await store.alerts.claimDeliveries(clock.now(), 30_000, 10)).toEqual([]);
      clock.advance(30_000);
      expect((await store.alerts.claimDeliveries(clock.now(), 30_000, 10)).map((d) => d.id)).toEqual(['D1']);
      await store.alerts.recordDelivery(
        'D1',
        { status: 'Pending', attempts: 1, nextAttemptAt: clock.now() + 5000, lastError: 'HTTP 500', httpStatus: 500 },
        clock.now(),
      );
      expect(await store.alerts.claimDeliveries(clock.now(), 30_000, 10)).toEqual([]);
      clock.advance(5000);
      expect((await store.alerts.claimDeliveries(clock.now(), 30_000, 10)).map((d) => d.attempts)).toEqual([1]);
      await store.alerts.recordDelivery(
        'D1',
        { status: 'Sent', attempts: 2, nextAttemptAt: 0, lastError: null, httpStatus: 200 },
        clock.now(),
      );
      clock.advance(60_000);
      expect(await store.alerts.claimDeliveries(clock.now(), 30_000, 10)).toEqual([]);
      expect((await store.alerts.listDeliveries({ alertId: 'A1' }))[0]).toMatchObject({
        status: 'Sent',
        attempts: 2,
        sentAt: clock.now() - 60_000,
        httpStatus: 200,
      });
    });
  });
}
