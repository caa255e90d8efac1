import { DATA_TYPES, type Message, type RawEvent } from '../model/message.js';
import { buildMessages } from '../pipeline/messages.js';
import { compileRules } from '../pipeline/rules.js';
import { expectedEvents, type SimulatorOptions } from '../simulator/index.js';

/**
 * Every event the simulator serves in [from, to), of all four data types, as a Mimecast source with category
 * `Mimecast` and no processing rules would store them: for tests that query realistic data without collecting it.
 */
export function simulatorMessages(simulator: SimulatorOptions, from: number, to: number): Message[] {
  const rules = compileRules([], { hashAlgorithm: 'MD5' });
  return DATA_TYPES.flatMap((dataType) => {
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
