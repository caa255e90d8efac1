import { afterEach, describe, expect, it } from 'vitest';
import { classifyFailure } from '../collector/classify.js';
import { HealthReporter } from '../collector/health.js';
import { AppError } from '../core/errors.js';
import { silentLogger } from '../core/logger.js';
import { DATA_TYPES } from '../model/message.js';
import { makeSourceBody, startTestApi, type TestApi } from './test-helpers.js';

let api: TestApi | undefined;
afterEach(async () => {
  await api?.close();
  api = undefined;
});

async function setup() {
  api = await startTestApi();
  const res = await api.app.inject({
    method: 'POST',
    url: '/api/v1/collectors',
    headers: { authorization: api.auth },
    payload: { collector: { name: 'C' } },
  });
  return { api, cid: res.json().collector.id as string };
}

function req(a: TestApi, method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, payload?: unknown, headers: Record<string, string> = {}) {
  return a.app.inject({
    method,
    url,
    headers: { authorization: a.auth, ...headers },
    ...(payload === undefined ? {} : { payload: payload as object }),
  });
}

describe('sources', () => {
  it('creates the seed source, masks the secret and shows state, health and progress', async () => {
    const { api, cid } = await setup();
    const res = await req(api, 'POST', `/api/v1/collectors/${cid}/sources`, makeSourceBody());
    expect(res.statusCode).toBe(200);
    const source = res.json().source;
    expect(source).toMatchObject({
      config: { name: 'Mimecast', clientSecret: '********', region: 'us', hashAlgorithm: 'MD5' },
      schemaRef: { type: 'Mimecast', version: '1.0.0' },
      sourceType: 'Universal',
      alive: true,
      state: { state: 'Pending' },
      health: { status: 'Healthy', errors: 0, warnings: 0 },
      push: null,
      droppedFields: ['team'],
    });
    expect(Object.keys(source.collection).sort()).toEqual(['auditEvent', 'dlp', 'holdMessageList', 'siem']);
    expect(res.body).not.toContain('demo-client-secret');
    const stored = await api.store.sources.get(source.id);
    expect(stored?.config.clientSecret).toBe('demo-client-secret');
  });

  it('names the offending field and stores nothing for bad input', async () => {
    const { api, cid } = await setup();
    const tooMany = Array.from({ length: 101 }, (_, i) => ({ name: `r${i}`, filterType: 'Exclude', regexp: `.*x${i}.*` }));
    const cases: [unknown, string, string][] = [
      [
        makeSourceBody({ dataCollection: ['siem', 'dlp', 'bogus'] }),
        'createValidationError',
        `config.dataCollection[2]: must be one of ${DATA_TYPES.join(', ')}`,
      ],
      [makeSourceBody({ clientID: undefined }), 'createValidationError', 'config.clientID: is required'],
      [makeSourceBody({ foo: 1 }), 'createValidationError', 'config.foo: unknown field'],
      [makeSourceBody({ baseUrl: 'http://evil.example' }), 'createValidationError', 'config.baseUrl: unknown field'],
      [makeSourceBody({ dataCollection: [] }), 'createValidationError', 'config.dataCollection: must not be empty'],
      [makeSourceBody({ dataCollection: ['siem', 'siem'] }), 'createValidationError', 'config.dataCollection: must not repeat a value'],
      [makeSourceBody({ pollingIntervalSec: 5 }), 'createValidationError', 'config.pollingIntervalSec: must be at least 30'],
      [makeSourceBody({ region: 'eu' }), 'createValidationError', 'config.region: must be one of global, us, uk'],
      [makeSourceBody({ name: 'n'.repeat(129) }), 'createValidationError', 'config.name: must be at most 128 characters'],
      [
        makeSourceBody({ startTime: 'yesterday' }),
        'createValidationError',
        'config.startTime: must be a relative time like -7d or an ISO 8601 time',
      ],
      [
        makeSourceBody({ clientSecret: '********' }),
        'createValidationError',
        'config.clientSecret: must be the secret itself, not ********',
      ],
      [makeSourceBody({ fields: { _siemForward: 'yes' } }), 'createValidationError', 'config.fields._siemForward: must be a boolean'],
      [makeSourceBody({ filters: tooMany }), 'createValidationError', 'config.filters: must have at most 100 items'],
      [
        makeSourceBody({
          filters: [
            { name: 'a', filterType: 'Exclude', regexp: '.*' },
            { name: 'a', filterType: 'Exclude', regexp: 'x' },
          ],
        }),
        'createValidationError',
        'config.filters[1].name: repeats the rule name a',
      ],
      [makeSourceBody({}, { sourceType: undefined }), 'EmptySourceType', 'sourceType: is required'],
      [makeSourceBody({}, { sourceType: 'HTTP' }), 'InvalidSourceType', 'sourceType: must be Universal'],
      [makeSourceBody({}, { schemaRef: { type: 'Okta' } }), 'createValidationError', 'schemaRef.type: must be Mimecast'],
    ];
    for (const [payload, code, message] of cases) {
      const res = await req(api, 'POST', `/api/v1/collectors/${cid}/sources`, payload);
      expect(res.json(), message).toMatchObject({ status: 400, code, message });
    }
    // The field and the rule also come as data, so a form needs no parsing of the message.
    const missing = await req(api, 'POST', `/api/v1/collectors/${cid}/sources`, makeSourceBody({ clientID: undefined }));
    expect(missing.json()).toMatchObject({ field: 'config.clientID', details: { rule: 'is required' } });
    const badRegex = await req(
      api,
      'POST',
      `/api/v1/collectors/${cid}/sources`,
      makeSourceBody({ filters: [{ name: 'r', filterType: 'Exclude', regexp: '(' }] }),
    );
    expect(badRegex.statusCode).toBe(400);
    expect(badRegex.json().message).toMatch(/^config\.filters\[0\]/);
    const noGroup = await req(
      api,
      'POST',
      `/api/v1/collectors/${cid}/sources`,
      makeSourceBody({ filters: [{ name: 'm', filterType: 'Mask', regexp: 'secret' }] }),
    );
    expect(noGroup.statusCode).toBe(400);
    expect(noGroup.json().message).toMatch(/^config\.filters\[0\]/);
    expect(await api.store.sources.list(cid)).toHaveLength(0);

    expect((await req(api, 'POST', `/api/v1/collectors/${cid}/sources`, makeSourceBody())).statusCode).toBe(200);
    const dup = await req(api, 'POST', `/api/v1/collectors/${cid}/sources`, makeSourceBody());
    expect(dup.json()).toMatchObject({ status: 400, code: 'DuplicateResourceName', field: 'config.name' });
    expect(await api.store.sources.list(cid)).toHaveLength(1);
    const noCollector = await req(api, 'POST', '/api/v1/collectors/nope/sources', makeSourceBody());
    expect(noCollector.statusCode).toBe(404);
  });

  it('updates with If-Match, keeps the secret behind the mask and ignores read-only members', async () => {
    const { api, cid } = await setup();
    const created = (await req(api, 'POST', `/api/v1/collectors/${cid}/sources`, makeSourceBody())).json().source;
    const url = `/api/v1/collectors/${cid}/sources/${created.id}`;
    const got = await req(api, 'GET', url);
    const tag = got.headers.etag as string;
    const edited = { source: { ...got.json().source, config: { ...got.json().source.config, category: 'Mail' } } };
    expect((await req(api, 'PUT', url, edited)).statusCode).toBe(403);
    expect((await req(api, 'PUT', url, edited, { 'if-match': '"nope"' })).statusCode).toBe(412);
    const ok = await req(api, 'PUT', url, edited, { 'if-match': tag });
    expect(ok.statusCode).toBe(200);
    expect(ok.json().source.config.category).toBe('Mail');
    expect((await api.store.sources.get(created.id))?.config.clientSecret).toBe('demo-client-secret');
    const stale = await req(api, 'PUT', url, edited, { 'if-match': tag });
    expect(stale.json()).toMatchObject({ status: 412, code: 'precondition.failed' });
  });

  it('downloads a source ready to POST elsewhere', async () => {
    const { api, cid } = await setup();
    const created = (await req(api, 'POST', `/api/v1/collectors/${cid}/sources`, makeSourceBody())).json().source;
    const res = await req(api, 'GET', `/api/v1/collectors/${cid}/sources/${created.id}?download=true`);
    const body = res.json();
    expect(body['api.version']).toBe('v1');
    expect(Object.keys(body.source).sort()).toEqual(['config', 'schemaRef', 'sourceType']);
    expect(body.source.config.clientSecret).toBe('********');
    body.source.config.name = 'Copy';
    body.source.config.clientSecret = 'another-secret';
    expect((await req(api, 'POST', `/api/v1/collectors/${cid}/sources`, body)).statusCode).toBe(200);
  });

  it('restarts and deletes a source with no runtime; health events resolve on restart', async () => {
    const { api, cid } = await setup();
    const created = (await req(api, 'POST', `/api/v1/collectors/${cid}/sources`, makeSourceBody())).json().source;
    const source = (await api.store.sources.get(created.id))!;
    const health = new HealthReporter(api.store, api.clock, silentLogger);
    await health.raise(
      source,
      'C',
      classifyFailure(new AppError('mimecast.credentials', 'Client credentials are invalid', { status: 401 })),
    );
    await api.store.sources.setState(source.id, {
      state: 'Error',
      error: { type: 'ThirdPartyConfig', code: '401', message: 'Client credentials are invalid', retriesUntil: null },
    });

    const events = (await req(api, 'GET', '/api/v1/healthEvents')).json();
    expect(events.data).toHaveLength(1);
    expect(events.data[0]).toMatchObject({
      eventName: 'ThirdPartyConfigError',
      eventType: 'Health-Change',
      subsystem: 'Collection',
      status: 'Unhealthy',
      resourceIdentity: { id: source.id, collectorId: cid, collectorName: 'C', name: 'Mimecast', type: 'Source' },
    });
    const forResource = (await req(api, 'POST', '/api/v1/healthEvents/resources', { data: [{ id: cid, type: 'Collector' }] })).json();
    expect(forResource.data).toHaveLength(1);
    const view = (await req(api, 'GET', `/api/v1/collectors/${cid}/sources/${source.id}`)).json().source;
    expect(view).toMatchObject({
      state: { state: 'Error', error: { type: 'ThirdPartyConfig', retriesUntil: null } },
      health: { status: 'Error', errors: 1 },
    });

    // A request, not a state: with no runtime in this process the stored state stays until a runtime acts.
    const restarted = await req(api, 'POST', `/api/v1/collectors/${cid}/sources/${source.id}/action/restart`);
    expect(restarted.statusCode).toBe(200);
    expect(restarted.json().source).toMatchObject({ state: { state: 'Error' }, generation: 2, observedGeneration: 0 });
    expect((await req(api, 'GET', '/api/v1/healthEvents')).json().data).toHaveLength(0);
    const messages = await api.store.query("SELECT source_name, raw FROM messages WHERE idx = 'sumologic_system_events'", []);
    expect(messages.map((m) => m.source_name)).toEqual(['ThirdPartyConfigError', 'ThirdPartyConfigError']);

    expect((await req(api, 'DELETE', `/api/v1/collectors/${cid}/sources/${source.id}`)).statusCode).toBe(200);
    expect((await req(api, 'GET', `/api/v1/collectors/${cid}/sources/${source.id}`)).statusCode).toBe(404);
  });

  it('manages the fields schema and reports the dropped fields of a source', async () => {
    const { api, cid } = await setup();
    const created = (await req(api, 'POST', `/api/v1/collectors/${cid}/sources`, makeSourceBody())).json().source;
    expect(created.droppedFields).toEqual(['team']);
    const field = await req(api, 'POST', '/api/v1/fields', { fieldName: 'team' });
    expect(field.statusCode).toBe(200);
    expect(field.json()).toMatchObject({ fieldName: 'team', dataType: 'String', state: 'Enabled' });
    expect((await req(api, 'POST', '/api/v1/fields', { fieldName: 'team' })).json().code).toBe('DuplicateResourceName');
    expect((await req(api, 'POST', '/api/v1/fields', { fieldName: '_x' })).statusCode).toBe(400);
    const list = (await req(api, 'GET', '/api/v1/fields')).json().data;
    expect(list.map((f: { fieldName: string }) => f.fieldName)).toEqual(['team']);
    const view = (await req(api, 'GET', `/api/v1/collectors/${cid}/sources/${created.id}`)).json().source;
    expect(view.droppedFields).toEqual([]);
    expect((await req(api, 'DELETE', `/api/v1/fields/${list[0].fieldId}`)).statusCode).toBe(204);
    expect((await req(api, 'DELETE', `/api/v1/fields/${list[0].fieldId}`)).statusCode).toBe(404);
  });
});
