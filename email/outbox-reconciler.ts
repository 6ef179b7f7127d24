import type { Logger } from '../logging/logger';
import type { EmailJobData } from '../contracts';
import { emailJobId } from '../contracts';
import type { OutboxEmailModel } from './outbox-model';
import type { EmailQueue } from './queue';

export interface OutboxReconcilerOptions {
  /** A row must have been left alone this long before it counts as stuck (a job may be about to take it). */
  graceMs: number;
  /** Rows looked at per run, oldest first as the store returns them. */
  batchSize: number;
}

export interface ReconcileReport {
  /** Non-final rows looked at. */
  checked: number;
  /** Rows whose delivery job was missing (or had failed) and was queued again. */
  requeued: number;
  /** Rows whose job completed while the row is not final: the outcome was lost; never resent (see docs/email.md). */
  orphaned: number;
}

/** Job states in which BullMQ will still run the job: the row is in hand. */
const LIVE_STATES = new Set(['waiting', 'delayed', 'active', 'prioritized', 'waiting-children']);

/**
 * Finds outbox rows that no BullMQ job will ever deliver (Redis lost its data, a job was lost
 * in the last second before a crash with `appendfsync everysec`, or a job spent its attempts while
 * MongoDB was down) and queues their job again. Sending stays at most once: the new job takes the
 * send lease and claims the row like any other, so a row still `sending` under a live row lease
 * is left alone, and a completed job is never re-run.
 */
export class OutboxReconciler {
  constructor(
    private readonly outbox: OutboxEmailModel,
    private readonly queue: EmailQueue,
    private readonly options: OutboxReconcilerOptions,
    private readonly logger: Logger,
  ) {}

  async reconcile(now = new Date()): Promise<ReconcileReport> {
    // Equality on `status` only, served by the `{status, updatedAt}` index (on FerretDB too); age and lease are checked here.
    const rows = await this.outbox
      .find({ status: { $in: ['queued', 'sending'] } }, { _id: 1, status: 1, updatedAt: 1, leaseUntil: 1 })
      .limit(this.options.batchSize)
      .lean()
      .exec();
    const report: ReconcileReport = { checked: rows.length, requeued: 0, orphaned: 0 };
    const settledBefore = now.getTime() - this.options.graceMs;
    for (const row of rows) {
      if (new Date(row.updatedAt).getTime() > settledBefore) continue;
      if (row.status === 'sending' && row.leaseUntil && new Date(row.leaseUntil) > now) continue;
      const outcome = await this.requeueIfDead(row._id);
      if (outcome === 'requeued') report.requeued += 1;
      if (outcome === 'orphaned') report.orphaned += 1;
    }
    if (report.requeued || report.orphaned) this.logger.warn(report, 'outbox reconciled');
    return report;
  }

  private async requeueIfDead(outboxId: string): Promise<'live' | 'requeued' | 'orphaned'> {
    const jobId = emailJobId(outboxId);
    const job = await this.queue.getJob(jobId);
    const state = job ? await job.getState() : 'unknown';
    if (LIVE_STATES.has(state)) return 'live';
    if (state === 'completed') {
      this.logger.error({ outboxId }, 'e-mail job completed but its outbox row is not final; not resent');
      return 'orphaned';
    }
    // `failed` (attempts spent on store or network errors, or stalled too often) or gone: a job
    // id BullMQ still holds would be ignored by `add`, so the dead one goes first.
    if (job) await job.remove();
    await this.queue.add('send', { outboxId } satisfies EmailJobData, { jobId });
    this.logger.warn({ outboxId, previousJob: state }, 'outbox row had no live job: queued again');
    return 'requeued';
  }
}
