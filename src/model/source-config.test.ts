import { describe, expect, it } from 'vitest';
import { DATA_TYPES } from './message.js';
import {
  MAX_RULE_NAME,
  MAX_RULES,
  MAX_SOURCE_NAME,
  MIN_POLL_SEC,
  maskedConfig,
  parseSourceConfig,
  SECRET_MASK,
  SOURCE_DEFAULTS,
} from './source-config.js';

const now = Date.UTC(2026, 0, 10);
const options = { minPollSec: MIN_POLL_SEC, now };
const minimal = { name: 'Mimecast', clientID: 'id', clientSecret: 'secret', dataCollection: ['siem'] };

function refusal(config: unknown, opts: Parameters<typeof parseSourceConfig>[1] = options): string {
  try {
    parseSourceConfig(config, opts);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('parseSourceConfig accepted the config');
}

describe('parseSourceConfig', () => {
  it('fills every documented default', () => {
    expect(parseSourceConfig(minimal, options)).toEqual({
      ...minimal,
      ...SOURCE_DEFAULTS,
      fields: {},
      filters: [],
    });
    expect(SOURCE_DEFAULTS).toMatchObject({ startTime: '-24h', pollingIntervalSec: 300, hashAlgorithm: 'MD5', region: 'global' });
  });

  it('names the field and the rule broken', () => {
    expect(refusal(undefined)).toBe('config: must be an object');
    const { clientID: _clientID, ...withoutId } = minimal;
    expect(refusal(withoutId)).toBe('config.clientID: is required');
    expect(refusal({ ...minimal, name: 'n'.repeat(MAX_SOURCE_NAME + 1) })).toBe(
      `config.name: must be at most ${MAX_SOURCE_NAME} characters`,
    );
    expect(refusal({ ...minimal, dataCollection: ['siem', 'mail'] })).toBe(
      `config.dataCollection[1]: must be one of ${DATA_TYPES.join(', ')}`,
    );
    expect(refusal({ ...minimal, region: 'eu' })).toBe('config.region: must be one of global, us, uk');
    expect(refusal({ ...minimal, extra: 1 })).toBe('config.extra: unknown field');
    expect(refusal({ ...minimal, startTime: 'soon' })).toBe('config.startTime: must be a relative time like -7d or an ISO 8601 time');
    expect(refusal({ ...minimal, fields: { _siemForward: 'yes' } })).toBe('config.fields._siemForward: must be a boolean');
  });

  it('refuses a dataCollection with an unknown data type, a repeat, or none, naming config.dataCollection', () => {
    expect(refusal({ ...minimal, dataCollection: ['siem', 'mail'] })).toMatch(/^config\.dataCollection\[1\]: must be one of siem, dlp, /);
    expect(refusal({ ...minimal, dataCollection: ['dlp', 'siem', 'dlp'] })).toBe('config.dataCollection: must not repeat a value');
    expect(refusal({ ...minimal, dataCollection: [] })).toBe('config.dataCollection: must not be empty');
    expect(refusal({ ...minimal, dataCollection: 'siem' })).toBe('config.dataCollection: must be an array');
    const { dataCollection: _dataCollection, ...without } = minimal;
    expect(refusal(without)).toBe('config.dataCollection: is required');
  });

  it('keeps the polling interval within the server minimum and a day', () => {
    expect(refusal({ ...minimal, pollingIntervalSec: MIN_POLL_SEC - 1 })).toBe(
      `config.pollingIntervalSec: must be at least ${MIN_POLL_SEC}`,
    );
    expect(refusal({ ...minimal, pollingIntervalSec: 86_401 })).toBe('config.pollingIntervalSec: must be at most 86400');
    expect(parseSourceConfig({ ...minimal, pollingIntervalSec: 1 }, { minPollSec: 1, now }).pollingIntervalSec).toBe(1);
  });

  it('holds the rule limits, and rule names are unique', () => {
    const rule = (name: string) => ({ name, filterType: 'Include', regexp: '.*' });
    const many = Array.from({ length: MAX_RULES + 1 }, (_, i) => rule(`r${i}`));
    expect(refusal({ ...minimal, filters: many })).toBe(`config.filters: must have at most ${MAX_RULES} items`);
    expect(refusal({ ...minimal, filters: [rule('n'.repeat(MAX_RULE_NAME + 1))] })).toBe(
      `config.filters[0].name: must be at most ${MAX_RULE_NAME} characters`,
    );
    expect(refusal({ ...minimal, filters: [rule('a'), rule('a')] })).toBe('config.filters[1].name: repeats the rule name a');
  });

  it('takes the mask for the stored secret, and only when there is one', () => {
    expect(refusal({ ...minimal, clientSecret: SECRET_MASK })).toBe(`config.clientSecret: must be the secret itself, not ${SECRET_MASK}`);
    const replaced = parseSourceConfig({ ...minimal, clientSecret: SECRET_MASK }, { ...options, storedSecret: 'stored' });
    expect(replaced.clientSecret).toBe('stored');
    expect(parseSourceConfig(minimal, { ...options, storedSecret: 'stored' }).clientSecret).toBe('secret');
    expect(maskedConfig(replaced).clientSecret).toBe(SECRET_MASK);
  });
});
