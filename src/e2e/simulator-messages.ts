import { DATA_TYPES, type Message, type RawEvent } from '../model/message.js';
import { buildMessages } from '../pipeline/messages.js';
import { compileRules } from '../pipeline/rules.js';
import { expectedEvents, type SimulatorOptions } from '../simulator/index.js';

/**
 * The data types the apps' panels read. Cloud Integrated logs (batch files of their own) and the threat-intel
 * feed (STIX bundles) feed no panel, and the simulator's expected-events function does not cover them.
 */
const PANEL_DATA_TYPES = DATA_TYPES.filter((t) => t !== 'cloudIntegrated' && t !== 'threatIntelFeed');

/**
 * Every event the simulator serves in [from, to), of every data type a panel reads, as a Mimecast source with
 * category `Mimecast` and no processing rules would store them: for tests that query realistic data without
 * collecting it.
 */
export function simulatorMessages(simulator: SimulatorOptions, from: number, to: number): Message[] {
  const rules = compileRules([], { hashAlgorithm: 'MD5' });
  return PANEL_DATA_TYPES.flatMap((dataType) => {
    const events: RawEvent[] = expectedEvents(simulator, dataType, from, to).map((e) => ({
      raw: JSON.stringify(e.record),
      data: e.record,
      dedupeKey: e.key,
      time: e.time,
      logType: e.logType,
    }));
    return buildMessages(events, {
      sourceId: 'src-1',
      sourceName: 'Mimecast',
      sourceCategory: 'Mimecast',
      collectorName: 'Hosted',
      dataType,
      sourceHost: 'api.services.mimecast.com',
      fields: {},
      siemForward: false,
      receiptTime: to,
      rules,
    }).messages;
  });
}
