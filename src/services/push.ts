import { randomBytes } from 'node:crypto';
import { prepareMimecastSource } from '../collector/mimecast-runtime.js';
import type { Clock } from '../core/clock.js';
import { AppError, NotFoundError, toAppError } from '../core/errors.js';
import type { Logger } from '../core/logger.js';
import type { Telemetry } from '../core/telemetry.js';
import type { PushReceiverView } from '../model/api-views.js';
import type { DataType, Message } from '../model/message.js';
import { PUSH_RETRY_AFTER_SEC, PUSH_TOKEN_BYTES, type PushReceiverRecord, pushReceiverPath } from '../model/push.js';
import type { SourceRecord } from '../model/source.js';
import { type PushedEvent, parsePushBody } from '../sources/mimecast/push-events.js';
import type { Store } from '../store/store.js';

export interface PushServiceDeps {
  store: Store;
  clock: Clock;
  logger: Logger;
  telemetry: Telemetry;
  /** MC2C_PUBLIC_URL: the receiver's full URL is shown on it when set. */
  publicUrl?: string;
}

/** What one accepted push stored. */
export interface PushResult {
  inserted: number;
  duplicates: number;
}

export type PushService = ReturnType<typeof createPushService>;

/** Unknown, removed and regenerated-away tokens all get this one answer, so a guess learns nothing. */
const unauthorized = () => new AppError('unauthorized', 'Unauthorized');

function iso(ms: number | null): string | null {
  return ms === null ? null : new Date(ms).toISOString();
}

/**
 * Mimecast Event Push (docs/api.md "Event Push receiver"): each source's receiver token, made by the server
 * and never chosen by a user, and the receiving of pushed events through the collector's own pipeline.
 */
export function createPushService(deps: PushServiceDeps) {
  const { store, clock } = deps;
  const log = deps.logger.child({ component: 'push' });

  const view = (r: PushReceiverRecord): PushReceiverView => {
    const path = pushReceiverPath(r.token);
    return {
      path,
      // Appended, not resolved: a public URL with a path prefix (behind a proxy) keeps it. It has no trailing `/`.
      url: deps.publicUrl === undefined ? null : `${deps.publicUrl}${path}`,
      token: r.token,
      createdAt: new Date(r.createdAt).toISOString(),
      messages: r.messages,
      lastPushAt: iso(r.lastPushAt),
    };
  };

  const sourceOf = async (collectorId: string, sourceId: string): Promise<SourceRecord> => {
    const source = await store.sources.get(sourceId);
    if (!source || source.collectorId !== collectorId || source.deleting) throw new NotFoundError(`source ${sourceId}`);
    return source;
  };

  /** The messages of a push by data type, built as the collector builds a pulled page of that type. */
  const build = async (source: SourceRecord, events: PushedEvent[]): Promise<Map<DataType, Message[]>> => {
    const collector = await store.collectors.get(source.collectorId);
    const schemaFields = new Set((await store.fields.list()).map((f) => f.fieldName));
    const builder = prepareMimecastSource(source, collector?.name ?? '', schemaFields);
    const byType = new Map<DataType, PushedEvent[]>();
    for (const event of events) {
      const typed = byType.get(event.dataType);
      if (typed === undefined) byType.set(event.dataType, [event]);
      else typed.push(event);
    }
    const receiptTime = clock.now();
    const out = new Map<DataType, Message[]>();
    for (const [dataType, typed] of byType) out.set(dataType, (await builder(typed, dataType, receiptTime)).messages);
    return out;
  };

  return {
    async get(collectorId: string, sourceId: string): Promise<PushReceiverView> {
      await sourceOf(collectorId, sourceId);
      const record = await store.pushReceivers.get(sourceId);
      if (!record) throw new NotFoundError(`push receiver of source ${sourceId}`);
      return view(record);
    },
    /** Creates the receiver, or gives it a new token: the old one stops working at once. */
    async regenerate(collectorId: string, sourceId: string): Promise<PushReceiverView> {
      await sourceOf(collectorId, sourceId);
      return view(await store.pushReceivers.put(sourceId, randomBytes(PUSH_TOKEN_BYTES).toString('base64url')));
    },
    async remove(collectorId: string, sourceId: string): Promise<void> {
      await sourceOf(collectorId, sourceId);
      if (!(await store.pushReceivers.delete(sourceId))) throw new NotFoundError(`push receiver of source ${sourceId}`);
    },
    /** The source whose receiver holds this token, else undefined (also for a source being deleted). */
    async authenticate(token: string): Promise<string | undefined> {
      if (token === '') return undefined;
      const sourceId = await store.pushReceivers.find(token);
      const source = sourceId === undefined ? undefined : await store.sources.get(sourceId);
      return source && !source.deleting ? source.id : undefined;
    },
    /**
     * Stores one push for a source authenticate() found, answering only once it is committed. The events
     * keep their pulled data type's dedupe key, so a retried push, or one pulled later, is stored once.
     * Throws `unauthorized` when the source has gone since, `push.invalid`/`push.tooLarge` for a body it will not
     * store any of, and `push.unavailable` (retry after PUSH_RETRY_AFTER_SEC) when the store cannot take it.
     */
    async receive(sourceId: string, body: string): Promise<PushResult> {
      const source = await store.sources.get(sourceId);
      if (!source || source.deleting) throw unauthorized();
      const events = parsePushBody(body);
      const result: PushResult = { inserted: 0, duplicates: 0 };
      // One commit per data type (a push almost always holds one): a failure after one committed leaves the
      // rest for the sender's retry, which the dedupe keys make store the committed part no second time.
      for (const [dataType, messages] of await build(source, events)) {
        const started = clock.now();
        let stored: Awaited<ReturnType<Store['messages']['appendPushed']>>;
        try {
          stored = await store.messages.appendPushed({ sourceId: source.id, dataType, messages, at: clock.now() });
        } catch (error) {
          const appError = toAppError(error);
          if (!appError.code.startsWith('store.')) throw error;
          log.warn('a push could not be stored; the sender is told to retry', { sourceId: source.id, code: appError.code });
          throw new AppError('push.unavailable', 'The events could not be stored now; send them again later.', {
            cause: error,
            details: { retryAfterSec: PUSH_RETRY_AFTER_SEC },
          });
        }
        deps.telemetry.emit({
          type: 'BatchStored',
          sourceId: source.id,
          dataType,
          inserted: stored.inserted,
          expired: stored.expired,
          durationMs: clock.now() - started,
          delivery: 'push',
        });
        result.inserted += stored.inserted;
        result.duplicates += stored.duplicates;
      }
      return result;
    },
  };
}
