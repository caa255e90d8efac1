import { generateSiemBucket, type SiemEvent, type SiemGeneratorConfig } from './siem-data.js';

function fieldsJson(event: SiemEvent): string {
  if (event.json === undefined) event.json = JSON.stringify(event.fields);
  return event.json;
}

/** The stream's event shape: `eventType`/`subType`, no Kafka fields. */
export function streamJson(event: SiemEvent): string {
  if (event.stream === undefined) {
    const tail = `,"eventType":${JSON.stringify(event.type)},"subType":${JSON.stringify(event.subtype)}}`;
    event.stream = fieldsJson(event).slice(0, -1) + tail;
  }
  return event.stream;
}

/** The batch-file shape: `type`/`subtype` and the Kafka `_offset`/`_partition`. */
export function batchJson(event: SiemEvent): string {
  if (event.batch === undefined) {
    const head = `{"_offset":${event.offset},"_partition":${event.partition},`;
    const tail = `,"type":${JSON.stringify(event.type)},"subtype":${JSON.stringify(event.subtype)}}`;
    event.batch = head + fieldsJson(event).slice(1, -1) + tail;
  }
  return event.batch;
}

/**
 * Keeps recently generated minutes, so paging through a window does not regenerate them. Bounded by
 * the number of events held (not minutes), so high volumes cannot exhaust memory.
 */
export class SiemCache {
  private readonly buckets = new Map<number, SiemEvent[]>();
  private held = 0;

  constructor(
    private readonly config: SiemGeneratorConfig,
    private readonly maxEvents = 400_000,
  ) {}

  /** Whether minute `index` is still cached (the oldest are dropped first when the cache is full). */
  holds(index: number): boolean {
    return this.buckets.has(index);
  }

  bucket(index: number): SiemEvent[] {
    const hit = this.buckets.get(index);
    if (hit) {
      this.buckets.delete(index);
      this.buckets.set(index, hit);
      return hit;
    }
    const events = generateSiemBucket(this.config, index);
    this.buckets.set(index, events);
    this.held += events.length;
    while (this.held > this.maxEvents && this.buckets.size > 1) {
      const [oldest, old] = this.buckets.entries().next().value as [number, SiemEvent[]];
      this.buckets.delete(oldest);
      this.held -= old.length;
    }
    return events;
  }
}
