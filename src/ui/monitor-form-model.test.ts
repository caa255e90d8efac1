import { describe, expect, it } from 'vitest';
import { bodyOf, formOf, newMonitorForm, previewQuery, previewWindows } from './monitor-form-model.js';

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

  it('previews per window of the time range, empty windows as 0, the most severe level only', () => {
    const form = { ...newMonitorForm('*'), timeRange: '-15m' };
    form.critical = { enabled: true, threshold: '5', thresholdType: 'GreaterThan' };
    form.warning = { enabled: true, threshold: '1', thresholdType: 'GreaterThan' };
    expect(previewQuery(form)).toBe('*\n| timeslice 15m | count by _timeslice');
    const m = 15 * 60_000;
    const windows = previewWindows(
      form,
      [
        { _timeslice: m, _count: 9 },
        { _timeslice: String(2 * m), _count: 2 },
      ],
      m + 1,
      4 * m,
    );
    expect(windows).toEqual([
      { start: m, value: 9, critical: true, warning: false },
      { start: 2 * m, value: 2, critical: false, warning: true },
      { start: 3 * m, value: 0, critical: false, warning: false },
    ]);
  });
});
