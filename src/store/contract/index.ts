import { afterEach, beforeEach, describe } from 'vitest';
import { ManualClock } from '../../core/clock.js';
import type { Store } from '../store.js';
import { accessKeysContract } from './access-keys.js';
import { checkpointsContract } from './checkpoints.js';
import { collectorsContract } from './collectors.js';
import type { StoreUnderTest } from './context.js';
import { fieldsContract } from './fields.js';
import { healthContract } from './health.js';
import { leasesContract } from './leases.js';
import { libraryContract } from './library.js';
import { lookupTablesContract } from './lookup-tables.js';
import { messagesContract } from './messages.js';
import { monitorsContract } from './monitors.js';
import { partitionsContract } from './partitions.js';
import { pushReceiversContract } from './push-receivers.js';
import { queryContract } from './query.js';
import { sourcesContract } from './sources.js';
import { threatIndicatorsContract } from './threat-indicators.js';

/**
 * The behaviour every Store must have, as a vitest suite: one contract file per repository. Each
 * implementation's test file calls `storeContractTests(name, makeStore)` with a factory that opens a fresh,
 * empty store on the given clock.
 */
export function storeContractTests(name: string, makeStore: (clock: ManualClock) => Promise<Store>): void {
  describe(`Store contract: ${name}`, () => {
    let current: StoreUnderTest;
    beforeEach(async () => {
      const clock = new ManualClock();
      current = { store: await makeStore(clock), clock };
    });
    afterEach(async () => {
      await current.store.close();
    });

    const t = () => current;
    collectorsContract(t);
    sourcesContract(t);
    messagesContract(t);
    checkpointsContract(t);
    healthContract(t);
    accessKeysContract(t);
    fieldsContract(t);
    libraryContract(t);
    leasesContract(t);
    queryContract(t);
    monitorsContract(t);
    partitionsContract(t);
    threatIndicatorsContract(t);
    lookupTablesContract(t);
    pushReceiversContract(t);
  });
}
