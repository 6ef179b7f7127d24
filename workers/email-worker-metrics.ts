import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { collectDefaultMetrics, Counter, Gauge, Registry } from 'prom-client';
import { EMAIL_QUEUE, type EmailJobData } from '../contracts';
import type { EmailOutbox } from '../email/outbox';

/** The e-mail worker's port when METRICS_PORT is not set. */
export const EMAIL_WORKER_METRICS_PORT = 9466;

const COUNTED_STATES = ['waiting', 'delayed', 'active', 'failed', 'prioritized'] as const;

/**
 * The e-mail worker's metrics: every recorded attempt by template and outcome (sent, retry,
 * failed, abandoned, interrupted), and the queue as it is when scraped: jobs per state and the age
 * of the oldest waiting one (a growing age means the workers do not keep up, or are down).
 */
export class EmailWorkerMetrics {
  readonly registry = new Registry();
  private readonly emails = new Counter({
    name: 'anagrafica_emails_total',
    help: 'E-mail delivery attempts recorded in the outbox, by template and outcome',
    labelNames: ['template', 'outcome'],
    registers: [this.registry],
  });
  private readonly queue: Queue<EmailJobData>;

  constructor(redis: Redis, prefix?: string) {
    this.queue = new Queue<EmailJobData>(EMAIL_QUEUE, { connection: redis, prefix });
    collectDefaultMetrics({ register: this.registry });
    const queue = this.queue;
    new Gauge({
      name: 'anagrafica_email_queue_jobs',
      help: 'E-mail jobs in the queue, by state',
      labelNames: ['state'],
      registers: [this.registry],
      async collect() {
        const counts = await queue.getJobCounts(...COUNTED_STATES);
        for (const state of COUNTED_STATES) this.set({ state }, counts[state] ?? 0);
      },
    });
    new Gauge({
      name: 'anagrafica_email_queue_oldest_waiting_seconds',
      help: 'Age of the oldest e-mail job waiting to be sent (0 when none waits)',
      registers: [this.registry],
      async collect() {
        const [oldest] = await queue.getJobs(['waiting'], 0, 0, true);
        this.set(oldest ? Math.max(0, (Date.now() - oldest.timestamp) / 1000) : 0);
      },
    });
  }

  /** The outbox, counting each attempt it records. */
  counting(outbox: EmailOutbox): EmailOutbox {
    const finishAttempt = outbox.finishAttempt.bind(outbox);
    outbox.finishAttempt = async (claimed, outcome, extra) => {
      const recorded = await finishAttempt(claimed, outcome, extra);
      if (recorded) this.emails.inc({ template: claimed.template, outcome: outcome.outcome });
      return recorded;
    };
    return outbox;
  }

  async close(): Promise<void> {
    await this.queue.close();
  }
}
