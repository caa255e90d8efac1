import { fullJitterDelay } from '../core/backoff.js';
import type { Clock } from '../core/clock.js';
import type { Logger } from '../core/logger.js';
import type { SmtpSettings } from '../model/connection.js';
import { EMAIL_CONNECTION_ID, EVALUATION_INTERVAL_MS } from '../model/monitor.js';
import type { SearchService } from '../search/search-service.js';
import type { DeliveryOutcome, DeliveryRecord } from '../store/alerts.js';
import type { Store } from '../store/store.js';
import { type EmailMessage, sendEmail } from './email.js';
import { evaluateMonitor } from './evaluate.js';
import { type HealthEvents, raiseDeliveryFailed, resolveDeliveryFailed } from './monitor-health.js';
import { type SendResult, sendWebhook, type WebhookPolicy } from './webhook.js';

/**
 * The monitors engine of one process: a loop that evaluates the monitors due (each claimed by exactly one
 * process: MonitorsRepository.claimDue) and a separate loop that sends the notifications owed (leased:
 * AlertsRepository.claimDeliveries), so a slow receiver never delays an evaluation.
 */

export interface RunnerOptions {
  /** How often the loops look for due work (default 5 s); a change to a monitor wakes the evaluation loop at once. */
  tickMs: number;
  evaluationIntervalMs: number;
  /** Attempts per notification before it is given up (default 5). */
  maxAttempts: number;
  /** Backoff between attempts: full jitter over base·2^attempt, capped. */
  retryBaseMs: number;
  retryCapMs: number;
  /** Evaluations and deliveries one tick takes on at most. */
  batch: number;
  webhook: WebhookPolicy;
}

export const DEFAULT_RUNNER_OPTIONS: Omit<RunnerOptions, 'webhook'> = {
  tickMs: 5000,
  evaluationIntervalMs: EVALUATION_INTERVAL_MS,
  maxAttempts: 5,
  retryBaseMs: 10_000,
  retryCapMs: 300_000,
  batch: 20,
};

export interface RunnerDeps {
  store: Pick<Store, 'monitors' | 'alerts' | 'connections'>;
  search: Pick<SearchService, 'run'>;
  clock: Clock;
  logger: Logger;
  options: RunnerOptions;
  /** MC2C_PUBLIC_URL, for the URL variables of payloads. */
  publicUrl?: string;
  /** The SMTP server e-mail notifications go through; a notification queued without one is given up. */
  smtp?: SmtpSettings;
  /** Where a monitor's health events go: raised, resolved, and written as searchable messages. */
  health: HealthEvents;
}

export class MonitorRunner {
  private stopping = new AbortController();
  private wake = new AbortController();
  private loops: Promise<void>[] = [];

  constructor(private readonly deps: RunnerDeps) {}

  start(): void {
    if (this.loops.length > 0) return;
    this.loops = [this.loop(() => this.evaluateDue(), true), this.loop(() => this.deliverDue(), false)];
  }

  /** A monitor was created or changed: evaluate now rather than at the next tick. */
  kick(): void {
    this.wake.abort();
  }

  async stop(): Promise<void> {
    this.stopping.abort();
    this.wake.abort();
    await Promise.all(this.loops);
    this.loops = [];
  }

  private async loop(work: () => Promise<unknown>, wakeable: boolean): Promise<void> {
    const { clock, logger, options } = this.deps;
    while (!this.stopping.signal.aborted) {
      try {
        await work();
      } catch (error) {
        logger.error('monitors loop failed', { error: (error as Error).message });
      }
      const signal = wakeable ? AbortSignal.any([this.stopping.signal, this.wake.signal]) : this.stopping.signal;
      await clock.sleep(options.tickMs, signal).catch(() => undefined);
      if (wakeable && this.wake.signal.aborted && !this.stopping.signal.aborted) this.wake = new AbortController();
    }
  }

  /** Evaluates every monitor due now, side by side; one failing (a bad query, a store error) leaves the others alone. */
  async evaluateDue(): Promise<number> {
    const { store, clock, logger, options } = this.deps;
    const due = await store.monitors.claimDue(clock.now(), options.evaluationIntervalMs, options.batch);
    await Promise.all(
      due.map((item) =>
        evaluateMonitor(item, this.deps).then(
          (outcome) => {
            if (outcome.opened.length + outcome.resolved.length > 0) {
              logger.info('monitor alerts changed', {
                monitorId: item.id,
                opened: outcome.opened.length,
                resolved: outcome.resolved.length,
              });
            }
          },
          (error: unknown) => logger.warn('monitor evaluation failed', { monitorId: item.id, error: (error as Error).message }),
        ),
      ),
    );
    return due.length;
  }

  /** Sends every notification due now, side by side, each within the webhook timeout. */
  async deliverDue(): Promise<number> {
    const { store, clock, options } = this.deps;
    // The lease outlives one attempt (the timeout), so no other process sends it meanwhile.
    const leaseMs = options.webhook.timeoutMs * 3;
    const due = await store.alerts.claimDeliveries(clock.now(), leaseMs, options.batch);
    await Promise.all(due.map((d) => this.deliver(d)));
    return due.length;
  }

  /** One attempt at one notification: to its webhook connection, or by e-mail. */
  private async send(delivery: DeliveryRecord): Promise<SendResult> {
    const { store, options, smtp } = this.deps;
    if (delivery.connectionId === EMAIL_CONNECTION_ID) {
      if (smtp === undefined) return { ok: false, kind: 'fatal', status: null, error: 'no SMTP server is configured (MC2C_SMTP_HOST)' };
      return sendEmail(smtp, JSON.parse(delivery.payload) as EmailMessage, delivery.id, options.webhook.timeoutMs);
    }
    const connection = await store.connections.get(delivery.connectionId);
    if (connection === undefined) return { ok: false, kind: 'fatal', status: null, error: 'the connection was deleted' };
    return sendWebhook(
      { url: connection.url, headers: [...connection.headers, ...connection.customHeaders] },
      delivery.payload,
      options.webhook,
      // Lets a receiver drop the one duplicate a crash between its answer and our record of it can cause.
      { 'x-mc2c-delivery-id': delivery.id },
    );
  }

  private async deliver(delivery: DeliveryRecord): Promise<void> {
    const { store, clock, logger, options } = this.deps;
    const attempts = delivery.attempts + 1;
    const result = await this.send(delivery);
    let outcome: DeliveryOutcome;
    if (result.ok) {
      outcome = { status: 'Sent', attempts, nextAttemptAt: 0, lastError: null, httpStatus: result.status };
    } else {
      const giveUp = result.kind === 'fatal' || attempts >= options.maxAttempts;
      const backoff = options.retryBaseMs + fullJitterDelay(attempts - 1, options.retryBaseMs, options.retryCapMs);
      outcome = {
        status: giveUp ? 'Failed' : 'Pending',
        attempts,
        nextAttemptAt: giveUp ? 0 : clock.now() + Math.max(backoff, result.retryAfterMs ?? 0),
        lastError: result.error,
        httpStatus: result.status,
      };
    }
    await store.alerts.recordDelivery(delivery.id, outcome, clock.now());
    // The outcome is recorded first: it is the history; the health event only says so where operators look.
    try {
      if (outcome.status === 'Failed') {
        logger.warn('monitor notification given up', {
          monitorId: delivery.monitorId,
          deliveryId: delivery.id,
          attempts,
          error: outcome.lastError,
        });
        await raiseDeliveryFailed(store, this.deps.health, clock.now(), delivery, outcome);
      } else if (outcome.status === 'Sent') {
        await resolveDeliveryFailed(this.deps.health, delivery.monitorId);
      }
    } catch (error) {
      logger.warn('monitor health event not recorded', { monitorId: delivery.monitorId, error: (error as Error).message });
    }
  }
}
