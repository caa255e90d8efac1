import { describe, expect, it } from 'vitest';
import { AppError } from '../core/errors.js';
import { canTransition, SourceStateMachine } from './state-machine.js';

describe('source state machine', () => {
  it('walks the happy path and ignores repeats', () => {
    const m = new SourceStateMachine();
    expect(m.moveTo({ state: 'Started' })).toBe(true);
    expect(m.moveTo({ state: 'Initialized' })).toBe(true);
    expect(m.moveTo({ state: 'Authenticated' })).toBe(true);
    expect(m.moveTo({ state: 'Collecting' })).toBe(true);
    expect(m.moveTo({ state: 'Collecting' })).toBe(false);
    expect(m.state.state).toBe('Collecting');
  });

  it('refuses invalid transitions and keeps the state', () => {
    const m = new SourceStateMachine();
    expect(() => m.moveTo({ state: 'Collecting' })).toThrow(AppError);
    try {
      m.moveTo({ state: 'Authenticated' });
    } catch (error) {
      expect((error as AppError).code).toBe('state.invalidTransition');
    }
    expect(m.state.state).toBe('Pending');
    const stopped = new SourceStateMachine({ state: 'Stopping' });
    expect(() => stopped.moveTo({ state: 'Pending' })).toThrow(/Stopping to Pending/);
  });

  it('treats an Error with new details as a change, the same details as a repeat', () => {
    const error = { type: 'ThirdPartyGeneric' as const, code: '500', message: 'boom', retriesUntil: '2026-11-20T13:30:00.000Z' };
    const m = new SourceStateMachine({ state: 'Collecting' });
    expect(m.moveTo({ state: 'Error', error })).toBe(true);
    expect(m.moveTo({ state: 'Error', error: { ...error } })).toBe(false);
    expect(m.moveTo({ state: 'Error', error: { ...error, retriesUntil: null } })).toBe(true);
    expect(m.state.error?.retriesUntil).toBeNull();
  });

  it('lets an Error retry, be restarted or be deleted, and nothing leaves Stopping', () => {
    expect(canTransition('Error', 'Started')).toBe(true);
    expect(canTransition('Error', 'Pending')).toBe(true);
    // A source in Error because every data type failed collects again when one of them does.
    expect(canTransition('Error', 'Collecting')).toBe(true);
    for (const to of ['Pending', 'Started', 'Initialized', 'Authenticated', 'Collecting', 'Error'] as const) {
      expect(canTransition('Stopping', to)).toBe(false);
      if (to !== 'Pending') expect(canTransition(to, 'Stopping')).toBe(true);
    }
  });

  it('keeps the state of each data type while the source collects or is in Error, and drops them on leaving', () => {
    const error = { type: 'ThirdPartyConfig' as const, code: '403', message: 'forbidden', retriesUntil: null };
    const m = new SourceStateMachine({ state: 'Authenticated' });
    expect(() => m.setDataType('dlp', { state: 'Collecting' })).toThrow(/no data types running/);
    m.moveTo({ state: 'Collecting' });
    expect(m.setDataType('siem', { state: 'Collecting' })).toBe(true);
    expect(m.setDataType('dlp', { state: 'Error', error })).toBe(true);
    expect(m.setDataType('dlp', { state: 'Error', error: { ...error } })).toBe(false);
    expect(m.moveTo({ state: 'Error', error })).toBe(true);
    expect(m.state.dataTypes).toEqual({ siem: { state: 'Collecting' }, dlp: { state: 'Error', error } });
    expect(m.moveTo({ state: 'Collecting' })).toBe(true);
    expect(m.state).toEqual({ state: 'Collecting', dataTypes: { siem: { state: 'Collecting' }, dlp: { state: 'Error', error } } });
    expect(m.moveTo({ state: 'Pending' })).toBe(true);
    expect(m.state).toEqual({ state: 'Pending' });
  });
});
