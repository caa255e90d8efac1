/**
 * Mimecast API 2.0 simulator: the public surface other components use.
 * See docs/simulator.md for routes, faults and the admin API.
 */
export { CI_TYPES, type CiEvent, ciEventsInRange } from './ci-data.js';
export { type ExpectedEvent, expectedCounts, expectedEvents, heldMessagesAt, type SiemForm } from './expected.js';
export {
  DEFAULT_FAULTS,
  type FaultConfig,
  type SimulatorOptions,
  type SimulatorStats,
  type VolumeOptions,
} from './options.js';
export { FEED_TYPES, type FeedIndicator, feedIndicators } from './routes-threat.js';
export { type RunningSimulator, startSimulator } from './server.js';
/** Batch files cover fixed intervals of this length; a file is listed once its interval has ended. */
export { BATCH_INTERVAL_MS } from './siem-data.js';
export { SIEM_TYPES, type SiemType } from './vocab.js';
