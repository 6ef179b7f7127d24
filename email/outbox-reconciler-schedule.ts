import { Queue, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Logger } from '../logging/logger';
import type { OutboxReconciler, ReconcileReport } from './outbox-reconciler';

/** The queue of the e-mail worker's own maintenance jobs, apart from the e-mails, so losing one never touches the other. */
export const EMAIL_MAINTENANCE_QUEUE = 'email-maintenance';
const SCHEDULER_ID = 'outbox-reconciler';

export interface RunningReconcilerSchedule {
  close(): Promise<void>;
}

/**
 * Runs the reconciler every `intervalMs` as a BullMQ job scheduler: one run per interval across
 * every e-mail worker replica. The scheduler is declared again on every (re)connection to Redis,
 * so a Redis that came back empty gets it back at once.
 */
export function scheduleOutboxReconciler(
  redis: Redis,
  reconciler: OutboxReconciler,
  options: { intervalMs: number; prefix?: string; logger: Logger },
): RunningReconcilerSchedule {
  const queue = new Queue(EMAIL_MAINTENANCE_QUEUE, { connection: redis, prefix: options.prefix });
  const declare = () =>
    queue
      .upsertJobScheduler(SCHEDULER_ID, { every: options.intervalMs }, { name: 'reconcile-outbox', opts: { removeOnComplete: 100, removeOnFail: 100 } })
      .catch((error: Error) => options.logger.warn({ err: error.message }, 'outbox reconciler not scheduled yet'));
  void declare();
  redis.on('ready', declare);
  const worker = new Worker<unknown, ReconcileReport>(EMAIL_MAINTENANCE_QUEUE, () => reconciler.reconcile(), {
    connection: redis,
    prefix: options.prefix,
    concurrency: 1,
  });
  worker.on('error', (error) => options.logger.error({ err: error }, 'outbox reconciler worker error'));
  worker.on('failed', (_job, error) => options.logger.warn({ err: error.message }, 'outbox reconciliation failed'));
  return {
    async close() {
      redis.off('ready', declare);
      await worker.close();
      await queue.close();
    },
  };
}
