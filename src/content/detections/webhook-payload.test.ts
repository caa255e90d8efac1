import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MONITORS_ROOT_ID } from '../../model/monitor.js';
import { type Engine, startEngine } from '../../monitors/__fixtures__/engine.js';
import { MIMECAST_DETECTIONS_APP } from '../mimecast-app.js';

/**
 * The detection pack as a user installs it, one of its monitors notifying a real local webhook receiver:
 * what the receiver gets, byte for byte. The body is also written to test-results/ so that docs/monitors.md
 * can show a real one (the command is there).
 */

const OUT = path.join(process.cwd(), 'test-results', 'embargoed-geo-webhook.json');
const MONITOR = 'Mimecast - Sender from Embargoed Geo Locations';
/** A payload with Sumo's alert variables, as a SOC would write it for its ticketing receiver. */
const PAYLOAD = `{
  "name": "{{Name}}",
  "description": "{{Description}}",
  "monitorType": "{{MonitorType}}",
  "id": "{{Id}}",
  "triggerType": "{{TriggerType}}",
  "detectionMethod": "{{DetectionMethod}}",
  "triggerCondition": "{{TriggerCondition}}",
  "triggerValue": {{TriggerValue}},
  "numQueryResults": {{NumQueryResults}},
  "triggerTimeRange": "{{TriggerTimeRange}}",
  "triggerTime": "{{TriggerTime}}",
  "triggerTimeStart": "{{TriggerTimeStart}}",
  "triggerTimeEnd": "{{TriggerTimeEnd}}",
  "query": "{{Query}}",
  "queryUrl": "{{QueryURL}}",
  "sourceUrl": "{{SourceURL}}",
  "alertResponseUrl": "{{AlertResponseUrl}}",
  "results": {{ResultsJson}}
}`;

let e: Engine;
beforeAll(async () => {
  e = await startEngine({ publicUrl: 'https://mc2c.example.com' });
});
afterAll(async () => {
  await e?.close();
});

describe('a detection pack monitor notifying a webhook', () => {
  it('sends the embargoed-sender alert with every variable filled in, as valid JSON', async () => {
    const { services } = e;
    const install = { name: 'Detections', destinationFolderId: 'unused', dataSourceValues: { logsrc: '_sourceCategory=Mimecast' } };
    const { monitorsFolderId } = await services.library.installApp(MIMECAST_DETECTIONS_APP.uuid, install, 'suTEST');
    const folder = (await e.store.monitors.children(MONITORS_ROOT_ID)).find((m) => m.id === monitorsFolderId);
    const item = (await e.store.monitors.children(String(folder?.id))).find((m) => m.name === MONITOR);
    if (item === undefined) throw new Error(`${MONITOR} was not installed`);
    const connection = await services.connections.create(
      { type: 'WebhookConnection', name: 'SOC tickets', url: e.receiver.url, defaultPayload: PAYLOAD },
      'suTEST',
    );
    const monitor = await services.monitors.get(item.id);
    await services.monitors.update(
      item.id,
      {
        ...monitor,
        notifications: [
          {
            notification: { connectionType: 'Webhook', connectionId: connection.id },
            runForTriggerTypes: ['Critical', 'ResolvedCritical'],
          },
        ],
      },
      'suTEST',
    );
    // A receipt from an address in Iran (GeoLite2), and one from the United States that must not count.
    await e.messages(
      60_000,
      {
        eventType: 'receipt',
        aggregateId: 'agg-1',
        senderIp: '5.160.0.1',
        senderEnvelope: 'billing@invoices.example',
        recipients: 'jo@demo-corp.example',
        subject: 'Invoice "overdue"',
      },
      {
        eventType: 'receipt',
        aggregateId: 'agg-2',
        senderIp: '8.8.8.8',
        senderEnvelope: 'news@ok.example',
        recipients: 'jo@demo-corp.example',
      },
    );
    await services.monitors.runOnce();

    expect(e.receiver.received).toHaveLength(1);
    const raw = e.receiver.received[0].body;
    await mkdir(path.dirname(OUT), { recursive: true });
    await writeFile(OUT, `${raw}\n`);
    const body = JSON.parse(raw);
    expect(body).toMatchObject({
      name: MONITOR,
      monitorType: 'Logs',
      id: item.id,
      triggerType: 'Critical',
      detectionMethod: 'StaticCondition',
      triggerCondition: 'GreaterThan 0',
      triggerValue: 1,
      numQueryResults: 1,
      triggerTimeRange: '-15m',
      sourceUrl: `https://mc2c.example.com/#/monitors/${item.id}`,
      results: [{ sender_ip: '5.160.0.1', country_code: 'IR', subject: 'Invoice "overdue"' }],
    });
    expect(body.query).toBe((monitor.queries as { query: string }[])[0].query);
    expect(body.queryUrl).toMatch(/^https:\/\/mc2c\.example\.com\/#\/search\?q=/);
    expect(body.alertResponseUrl).toMatch(/^https:\/\/mc2c\.example\.com\/#\/alerts\/\w+$/);
  });
});
