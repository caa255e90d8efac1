import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { SYSTEM_SOURCE_ID } from '../collector/health.js';
import type { Clock } from '../core/clock.js';
import type { Logger } from '../core/logger.js';
import { AUDIT_INDEX } from '../model/message.js';
import type { Store } from '../store/store.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The resource a state-changing request acted on, for its audit entry (the created id for a POST). */
    auditResourceId: string;
  }
}

/** One state-changing request, as the audit log holds it: who, what, on which resource, and the outcome. No bodies. */
export interface AuditEntry {
  /** The caller's access id; null when it was refused before it was authenticated. */
  accessId: string | null;
  method: string;
  /** The route pattern (`/api/v1/collectors/:id`), or the path when no route matched. */
  route: string;
  resourceId: string | null;
  status: number;
  /** `API` for HTTP requests, `CLI` for commands sent over the control socket. */
  via: 'API' | 'CLI';
}

const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const MAX_PATH = 256;

/**
 * Writes each audit entry as a log line and as a searchable message (`_index=sumologic_audit`). Only
 * authenticated callers get a stored message, and not for 429s: otherwise anyone could fill the store by
 * sending refused requests.
 */
export class AuditLog {
  private readonly pending = new Set<Promise<void>>();

  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly logger: Logger,
  ) {}

  record(entry: AuditEntry): void {
    this.logger.info('audit', { ...entry });
    if (entry.accessId === null || entry.status === 429) return;
    const now = this.clock.now();
    const write = this.store.messages
      .append([
        {
          raw: JSON.stringify({ eventTime: new Date(now).toISOString(), ...entry }),
          messageTime: now,
          receiptTime: now,
          dedupeKey: `audit:${randomUUID()}`,
          sourceId: SYSTEM_SOURCE_ID,
          source: 'Audit',
          sourceCategory: 'audit',
          collector: '',
          sourceName: entry.via,
          sourceHost: '',
          index: AUDIT_INDEX,
          fields: {},
        },
      ])
      .then(
        () => undefined,
        (error: unknown) => {
          // The log line above is the record of last resort; a store failure must not fail the request.
          this.logger.warn('audit message not stored', { error: error instanceof Error ? error.message : String(error) });
        },
      );
    this.pending.add(write);
    void write.finally(() => this.pending.delete(write));
  }

  /** Resolves once every entry recorded so far is stored (or has failed): called before the store closes. */
  async flush(): Promise<void> {
    await Promise.all([...this.pending]);
  }
}

/** The id a created resource has in the handler's answer (`{id}`, `{fieldId}`, `{collector:{id}}`, `{source:{id}}`). */
function createdId(payload: unknown): string | undefined {
  if (typeof payload !== 'object' || payload === null) return undefined;
  const p = payload as Record<string, unknown>;
  const nested = (key: string) => (p[key] as Record<string, unknown> | undefined)?.id;
  const id = p.id ?? p.fieldId ?? nested('collector') ?? nested('source');
  return typeof id === 'string' ? id : undefined;
}

/** Records one audit entry per state-changing request, whether it succeeded or was refused. */
export function registerAudit(app: FastifyInstance, audit: AuditLog): void {
  app.decorateRequest('auditResourceId', '');
  app.addHook('preSerialization', async (request, reply, payload) => {
    if (request.method === 'POST' && reply.statusCode < 300) request.auditResourceId = createdId(payload) ?? '';
    return payload;
  });
  app.addHook('onResponse', async (request, reply) => {
    if (!STATE_CHANGING.has(request.method)) return;
    // A path that holds a secret (a push token) names no resource: the token must not reach the log.
    const params = request.routeOptions.config?.secretPath === true ? [] : Object.values((request.params ?? {}) as Record<string, string>);
    audit.record({
      accessId: request.accessId === '' ? null : request.accessId,
      method: request.method,
      route: request.routeOptions.url ?? request.url.split('?')[0].slice(0, MAX_PATH),
      resourceId: request.auditResourceId || params.at(-1) || null,
      status: reply.statusCode,
      via: 'API',
    });
  });
  app.addHook('onClose', () => audit.flush());
}
