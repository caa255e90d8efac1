import { describe, expect, it } from 'vitest';
import { DATA_TYPES } from '../model/message.js';
import {
  configFromForm,
  DATA_TYPE_CHOICES,
  DEFAULT_DATA_COLLECTION,
  emptyForm,
  type FormState,
  formFromConfig,
  newKey,
  validateForm,
} from './source-form-model.js';

const filled = (patch: Partial<FormState> = {}): FormState => ({
  ...emptyForm(),
  name: 'Mimecast',
  clientID: 'id',
  clientSecret: 'secret',
  ...patch,
});

describe('the source form', () => {
  it('offers every data type, the newer ones with what they are and the permission they need, and starts with the four of Sumo', () => {
    expect(DATA_TYPE_CHOICES.map((c) => c.value)).toEqual([...DATA_TYPES]);
    for (const c of DATA_TYPE_CHOICES.filter((c) => !DEFAULT_DATA_COLLECTION.includes(c.value))) {
      expect(c.hint).toMatch(/\. Needs [A-Z][a-z]+ \| [A-Za-z ]+ \| Read( \([^)]+\))?\.$/);
    }
    expect(emptyForm().dataCollection).toEqual(['siem', 'dlp', 'auditEvent', 'holdMessageList']);
    expect(configFromForm(filled({ dataCollection: ['archiveSearchLogs', 'ttpUrlLogs'] })).dataCollection).toEqual([
      'ttpUrlLogs',
      'archiveSearchLogs',
    ]);
  });

  it('names every field it refuses before sending, in the server’s terms', () => {
    const errors = validateForm(
      {
        ...emptyForm(),
        dataCollection: [],
        pollingIntervalSec: '10',
        startTime: 'yesterday-ish',
        fields: [{ key: newKey(), name: '1team', value: 'x' }],
        filters: [
          { key: newKey(), name: '', filterType: 'Include', regexp: '(' },
          { key: newKey(), name: 'm', filterType: 'Mask', regexp: 'no group' },
        ],
      },
      false,
    );
    expect(Object.keys(errors).sort()).toEqual(
      [
        'config.name',
        'config.clientID',
        'config.clientSecret',
        'config.dataCollection',
        'config.pollingIntervalSec',
        'config.startTime',
        'config.fields[0]',
        'config.filters[0].name',
        'config.filters[0].regexp',
        'config.filters[1].regexp',
      ].sort(),
    );
    expect(errors['config.filters[1].regexp']).toMatch(/capture group/);
  });

  it('accepts a complete form; on edit the secret may stay as stored', () => {
    expect(validateForm(filled(), false)).toEqual({});
    expect(validateForm(filled({ clientSecret: '' }), true)).toEqual({});
    expect(validateForm(filled({ clientSecret: '' }), false)).toHaveProperty('config.clientSecret');
  });

  it('turns the form into the API config and back', () => {
    const form = filled({
      siemForward: true,
      fields: [{ key: newKey(), name: 'team', value: 'soc' }],
      filters: [{ key: newKey(), name: 'mask', filterType: 'Mask', regexp: '"a":"([^"]+)"', mask: '' }],
      dataCollection: ['dlp', 'siem'],
    });
    const config = configFromForm(form);
    expect(config).toMatchObject({
      name: 'Mimecast',
      fields: { team: 'soc', _siemForward: true },
      dataCollection: ['siem', 'dlp'],
      filters: [{ name: 'mask', filterType: 'Mask', regexp: '"a":"([^"]+)"', mask: '#####' }],
      pollingIntervalSec: 300,
    });
    const back = formFromConfig(config);
    expect(back.siemForward).toBe(true);
    expect(back.fields.map((f) => [f.name, f.value])).toEqual([['team', 'soc']]);
    expect(configFromForm(back)).toEqual(config);
  });
});
