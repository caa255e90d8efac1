import { describe, expect, it } from 'vitest';
import { bodyOf, formOf, type MonitorForm, newMonitorForm, previewRanges, previewWindow } from './monitor-form-model.js';

describe('the monitor form', () => {
  it('writes a Sumo-shaped body with Resolved triggers, and reads it back keeping what it does not show', () => {
    const form = { ...newMonitorForm('_sourceCategory=mimecast'), name: 'Holds', timeRange: '-1h', connectionIds: ['C1'] };
    form.critical = { enabled: true, threshold: '10', thresholdType: 'GreaterThan' };
    const original = {
      tags: { team: 'soc' },
      triggerConditions: { logsStaticCondition: {} },
      notifications: [{ notification: { connectionType: 'Slack', connectionId: 'C1', payloadOverride: '{"x":1}' } }],
    };
    const body = bodyOf(form, original);
    expect(body).toMatchObject({
      type: 'MonitorsLibraryMonitor',
      monitorType: 'Logs',
      tags: { team: 'soc' },
      queries: [{ rowId: 'A', query: '_sourceCategory=mimecast' }],
      triggers: [
        { triggerType: 'Critical', timeRange: '-1h', threshold: 10, thresholdType: 'GreaterThan' },
        { triggerType: 'ResolvedCritical', timeRange: '-1h', threshold: 10, thresholdType: 'LessThanOrEqual' },
      ],
      notifications: original.notifications,
    });
    // The form's triggers replace the Terraform form of them.
    expect(body).not.toHaveProperty('triggerConditions');
    expect(formOf(body)).toEqual(form);
    expect(bodyOf({ ...form, connectionIds: ['C2'] }).notifications).toEqual([
      { notification: { connectionType: 'Webhook', connectionId: 'C2' }, runForTriggerTypes: ['Critical', 'ResolvedCritical'] },
    ]);
  });

  it('writes an Email notification from the recipients, keeping its timeZone, and reads it back', () => {
    const form = {
      ...newMonitorForm('*'),
      name: 'Mail',
      email: { recipients: 'a@x.example, b@x.example', subject: '{{Name}}', messageBody: '' },
    };
    const original = {
      notifications: [
        { notification: { connectionType: 'Email', recipients: ['old@x.example'], timeZone: 'PST' }, runForTriggerTypes: ['Critical'] },
      ],
    };
    const body = bodyOf(form, original);
    expect(body.notifications).toEqual([
      {
        notification: { connectionType: 'Email', recipients: ['a@x.example', 'b@x.example'], subject: '{{Name}}', timeZone: 'PST' },
        runForTriggerTypes: ['Critical'],
      },
    ]);
    expect(formOf(body).email).toEqual(form.email);
    expect(bodyOf({ ...form, email: { recipients: ' ', subject: '', messageBody: '' } }, original).notifications).toEqual([]);
  });

  it('writes the occurrence type (the Resolved trigger its dual) and groupNotifications, and reads them back', () => {
    const form = { ...newMonitorForm('* | timeslice 1m | count by _timeslice'), name: 'Points', occurrenceType: 'AtLeastOnce' as const };
    form.groupNotifications = false;
    const body = bodyOf(form, { groupNotifications: true });
    expect(body.groupNotifications).toBe(false);
    expect((body.triggers as { triggerType: string; occurrenceType: string }[]).map((t) => [t.triggerType, t.occurrenceType])).toEqual([
      ['Critical', 'AtLeastOnce'],
      ['ResolvedCritical', 'Always'],
    ]);
    expect(formOf(body)).toEqual(form);
    // A monitor without the members reads as Sumo's defaults.
    expect(formOf({ name: 'x' })).toMatchObject({ occurrenceType: 'ResultCount', groupNotifications: true });
  });

  it('sends a threshold that is not a number as typed, for the server to refuse naming the field', () => {
    const form = newMonitorForm('*');
    form.critical.threshold = 'ten';
    expect((bodyOf(form).triggers as { threshold: unknown }[])[0].threshold).toBe('ten');
  });

  it('previews consecutive windows of the time range ending now, at most 24', () => {
    const m = 60_000;
    expect(previewRanges({ ...newMonitorForm('*'), timeRange: '-2h' }, 10 * 60 * m)).toEqual([
      { from: 4 * 60 * m, to: 6 * 60 * m },
      { from: 6 * 60 * m, to: 8 * 60 * m },
      { from: 8 * 60 * m, to: 10 * 60 * m },
    ]);
    expect(previewRanges({ ...newMonitorForm('*'), timeRange: '-5m' }, 0)).toHaveLength(24);
    expect(previewRanges({ ...newMonitorForm('*'), timeRange: '-24h' }, 0)).toHaveLength(1);
  });

  it('previews a window of messages by its count, the most severe level only', () => {
    const form = newMonitorForm('*');
    form.critical = { enabled: true, threshold: '5', thresholdType: 'GreaterThan' };
    form.warning = { enabled: true, threshold: '1', thresholdType: 'GreaterThan' };
    const messages = (n: number) => ({ kind: 'messages' as const, fields: [], rows: Array.from({ length: n }, () => ({ _raw: 'x' })) });
    expect(previewWindow(form, 7, messages(9))).toEqual({ start: 7, value: 9, critical: true, warning: false });
    expect(previewWindow(form, 7, messages(2))).toEqual({ start: 7, value: 2, critical: false, warning: true });
    expect(previewWindow(form, 7, messages(0))).toEqual({ start: 7, value: 0, critical: false, warning: false });
    form.critical.threshold = 'ten';
    expect(previewWindow(form, 7, messages(9)).critical).toBe(false);
  });

  it('previews an aggregate with the occurrence type the evaluator applies: the row count, any point, every point', () => {
    // Two data points (count by _timeslice, action): 3 and 1.
    const result = {
      kind: 'records' as const,
      fields: [
        { name: '_timeslice', fieldType: 'long', keyField: true },
        { name: 'action', fieldType: 'string', keyField: true },
        { name: '_count', fieldType: 'long', keyField: false },
      ],
      rows: [
        { _timeslice: 0, action: 'Rej', _count: 3 },
        { _timeslice: 0, action: 'Acc', _count: 1 },
      ],
    };
    const form = newMonitorForm('*');
    form.critical = { enabled: true, threshold: '2', thresholdType: 'GreaterThan' };
    const at = (occurrenceType: MonitorForm['occurrenceType'], triggerSource: MonitorForm['triggerSource'] = 'AllResults') =>
      previewWindow({ ...form, occurrenceType, triggerSource }, 0, result);
    // ResultCount over AllResults: two rows, not more than 2.
    expect(at('ResultCount')).toMatchObject({ value: 2, critical: false });
    expect(at('AtLeastOnce')).toMatchObject({ value: 3, critical: true });
    expect(at('Always')).toMatchObject({ critical: false });
    // Per series, each row its own: the Rej series fires.
    expect(at('ResultCount', 'AnyTimeSeries')).toMatchObject({ value: 3, critical: true });
    expect(at('Always', 'AnyTimeSeries')).toMatchObject({ critical: true });
  });
});
