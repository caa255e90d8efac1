import type { Clock } from '../core/clock.js';
import { AppError, NotFoundError, ValidationError } from '../core/errors.js';
import type { SmtpSettings } from '../model/connection.js';
import {
  FolderSchema,
  MAX_TIME_RANGE_MS,
  MONITOR_FOLDER_TYPE,
  MONITOR_TYPE,
  MONITORS_ROOT_ID,
  type MonitorInput,
  type MonitorItem,
  type MonitorNotification,
  MonitorSchema,
  normalTimeRange,
  READ_ONLY_MEMBERS,
  type Trigger,
  timeRangeMs,
  triggersFromConditions,
} from '../model/monitor.js';
import { firstViolation } from '../model/validate.js';
import type { MonitorRunner } from '../monitors/runner.js';
import { compileQuery } from '../query/index.js';
import type { Store } from '../store/store.js';
import { expectedVersionOf } from './context.js';

/**
 * Sumo Logic's Monitor Management API over the monitors library: folders and Logs monitors in a tree under
 * a fixed root. A body is kept as sent (members this product does not use included) except for the
 * members the server sets; `triggerConditions` also becomes the `triggers` it stands for.
 */

type ItemJson = Record<string, unknown>;

const ROOT_PARENT_ID = '0000000000000000';

function itemJson(item: MonitorItem): ItemJson {
  return {
    ...item.body,
    id: item.id,
    name: item.name,
    description: typeof item.body.description === 'string' ? item.body.description : '',
    type: item.type,
    parentId: item.parentId,
    version: item.version,
    createdAt: new Date(item.createdAt).toISOString(),
    createdBy: item.createdBy,
    modifiedAt: new Date(item.modifiedAt).toISOString(),
    modifiedBy: item.modifiedBy,
    contentType: item.type === MONITOR_TYPE ? 'Monitor' : 'Folder',
    isLocked: false,
    isSystem: false,
    isMutable: true,
    ...(item.type === MONITOR_TYPE ? { isDisabled: item.isDisabled } : {}),
  };
}

const RESOLVED_NEEDS_THRESHOLD = new Set(['Critical', 'Warning', 'ResolvedCritical', 'ResolvedWarning']);

function checkTriggers(triggers: Trigger[], field: string): Trigger[] {
  if (!triggers.some((t) => t.triggerType === 'Critical' || t.triggerType === 'Warning' || t.triggerType === 'MissingData')) {
    throw new ValidationError(field, 'must hold a Critical, Warning or MissingData trigger');
  }
  const seen = new Set<string>();
  return triggers.map((t, i) => {
    if (seen.has(t.triggerType)) throw new ValidationError(`${field}[${i}].triggerType`, `repeats ${t.triggerType}`);
    seen.add(t.triggerType);
    const ms = timeRangeMs(t.timeRange);
    if (!(ms > 0 && ms <= MAX_TIME_RANGE_MS))
      throw new ValidationError(`${field}[${i}].timeRange`, 'must be longer than 0 and at most 24h');
    if (RESOLVED_NEEDS_THRESHOLD.has(t.triggerType) && (t.threshold === undefined || !Number.isFinite(t.threshold))) {
      throw new ValidationError(`${field}[${i}].threshold`, 'is required and must be a number');
    }
    return { ...t, timeRange: normalTimeRange(t.timeRange), detectionMethod: t.detectionMethod ?? 'StaticCondition' };
  });
}

/** An Email notification needs the server's SMTP server and a recipient; its `timeZone` (Sumo writes `PST`) is kept. */
function checkEmail(n: MonitorNotification['notification'], field: string, smtpConfigured: boolean): void {
  if (!smtpConfigured) {
    throw new ValidationError(
      `${field}.connectionType`,
      'Email needs an SMTP server in the server configuration (MC2C_SMTP_HOST), and none is set',
    );
  }
  if ((n.recipients ?? []).length === 0) throw new ValidationError(`${field}.recipients`, 'must name at least one e-mail address');
}

function withoutReadOnly(body: Record<string, unknown>): Record<string, unknown> {
  const kept = { ...body };
  for (const member of READ_ONLY_MEMBERS) delete kept[member];
  return kept;
}

export type MonitorsService = ReturnType<typeof createMonitorsService>;

export interface MonitorsServiceDeps {
  store: Store;
  clock: Clock;
  /** Evaluates due monitors; told about every change so that it evaluates at once. */
  runner: MonitorRunner;
  connectionExists: (id: string) => Promise<boolean>;
  /** The server's SMTP server; without one an Email notification is refused. */
  smtp?: SmtpSettings;
}

export function createMonitorsService(deps: MonitorsServiceDeps) {
  const { store, clock, runner } = deps;

  async function checkMonitor(
    body: Record<string, unknown>,
  ): Promise<{ name: string; body: Record<string, unknown>; isDisabled: boolean }> {
    const violation = firstViolation(MonitorSchema, body);
    if (violation) throw violation;
    const input = body as MonitorInput;
    const query = input.queries[0].query;
    try {
      const now = clock.now();
      compileQuery(query, { dialect: store.dialect, from: now - 60_000, to: now });
    } catch (error) {
      const e = error as AppError;
      throw new AppError('createValidationError', `queries[0].query: ${e.message}`, { field: 'queries[0].query', details: e.details });
    }
    const triggers =
      input.triggers !== undefined
        ? checkTriggers(input.triggers, 'triggers')
        : input.triggerConditions !== undefined
          ? checkTriggers(triggersFromConditions(input.triggerConditions), 'triggerConditions')
          : (() => {
              throw new ValidationError('triggers', 'is required');
            })();
    for (const [i, n] of (input.notifications ?? []).entries()) {
      if (n.notification.connectionType === 'Email') {
        checkEmail(n.notification, `notifications[${i}].notification`, deps.smtp !== undefined);
        continue;
      }
      const field = `notifications[${i}].notification.connectionId`;
      const id = n.notification.connectionId;
      if (id === undefined) throw new ValidationError(field, 'is required');
      if (!(await deps.connectionExists(id))) throw new ValidationError(field, `names no connection (${id})`);
    }
    return { name: input.name.trim(), body: { ...withoutReadOnly(body), triggers }, isDisabled: input.isDisabled ?? false };
  }

  function checkFolder(body: Record<string, unknown>): { name: string; body: Record<string, unknown>; isDisabled: boolean } {
    const violation = firstViolation(FolderSchema, body);
    if (violation) throw violation;
    return { name: String(body.name).trim(), body: withoutReadOnly(body), isDisabled: false };
  }

  function checked(body: unknown) {
    if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new ValidationError('body', 'must be an object');
    const b = body as Record<string, unknown>;
    if (b.type === MONITOR_TYPE) return checkMonitor(b);
    if (b.type === MONITOR_FOLDER_TYPE) return checkFolder(b);
    throw new ValidationError('type', `must be one of ${MONITOR_FOLDER_TYPE}, ${MONITOR_TYPE}`);
  }

  async function find(id: string): Promise<MonitorItem> {
    const item = await store.monitors.get(id);
    if (item === undefined) throw new NotFoundError(`monitor ${id}`);
    return item;
  }

  async function folderJson(id: string, base: ItemJson): Promise<ItemJson> {
    const children = await store.monitors.children(id);
    return { ...base, children: children.map(itemJson) };
  }

  return {
    /** `GET /v1/monitors/root`: the root folder and the items at its top. */
    root(): Promise<ItemJson> {
      return folderJson(MONITORS_ROOT_ID, {
        id: MONITORS_ROOT_ID,
        name: 'Root',
        description: 'Root folder',
        type: MONITOR_FOLDER_TYPE,
        parentId: ROOT_PARENT_ID,
        contentType: 'Folder',
        isLocked: false,
        isSystem: true,
        isMutable: true,
      });
    },
    async get(id: string): Promise<ItemJson> {
      if (id === MONITORS_ROOT_ID) return this.root();
      const item = await find(id);
      return item.type === MONITOR_FOLDER_TYPE ? folderJson(id, itemJson(item)) : itemJson(item);
    },
    /** `POST /v1/monitors?parentId=`: into a folder (the root when absent). */
    async create(parentId: string | undefined, body: unknown, createdBy: string): Promise<ItemJson> {
      const parent = parentId ?? MONITORS_ROOT_ID;
      if (parent !== MONITORS_ROOT_ID && (await store.monitors.get(parent))?.type !== MONITOR_FOLDER_TYPE) {
        throw new ValidationError('parentId', `names no monitors folder (${parent})`);
      }
      const c = await checked(body);
      const item = await store.monitors.create({ parentId: parent, type: (body as { type: MonitorItem['type'] }).type, ...c, createdBy });
      runner.kick();
      return itemJson(item);
    },
    /** `PUT /v1/monitors/{id}`: the whole definition; a `version` in the body must be the current one. */
    async update(id: string, body: unknown, modifiedBy: string): Promise<ItemJson> {
      const item = await find(id);
      const c = await checked(body);
      if ((body as { type: string }).type !== item.type) throw new ValidationError('type', `must stay ${item.type}`);
      const version = (body as { version?: unknown }).version;
      if (version !== undefined && version !== item.version) {
        throw new AppError('precondition.failed', `version: the monitor is at version ${item.version}, not ${String(version)}`);
      }
      const updated = await store.monitors.update(id, { ...c, modifiedBy }, item.version);
      runner.kick();
      return itemJson(updated);
    },
    /** `DELETE /v1/monitors/{id}`; with If-Match (the item's `version`), only while it is unchanged. */
    async delete(id: string, ifMatch?: string): Promise<void> {
      if (id === MONITORS_ROOT_ID) throw new ValidationError('id', 'the root folder cannot be deleted');
      const expected = ifMatch === undefined ? undefined : expectedVersionOf(ifMatch, (await find(id)).version);
      if (!(await store.monitors.delete(id, expected))) throw new NotFoundError(`monitor ${id}`);
    },
    start: () => runner.start(),
    stop: () => runner.stop(),
    /** Evaluates the due monitors and sends the due notifications once, now (tests, on a ManualClock). */
    async runOnce(): Promise<void> {
      await runner.evaluateDue();
      await runner.deliverDue();
    },
  };
}
