import { Queue, type DefaultJobOptions } from 'bullmq';
import type { Redis } from 'ioredis';
import type { EmailJobData } from '../contracts';
import { EMAIL_QUEUE } from '../contracts';

export interface EmailQueueOptions {
  /** Delivery attempts before the e-mail is abandoned. */
  maxAttempts: number;
  /** First retry delay in ms; doubles every attempt. */
  backoffMs: number;
  /** Redis key prefix; tests use one per suite. @defaultValue bull */
  prefix?: string;
}

export type EmailQueue = Queue<EmailJobData>;

/** Exponential backoff with 50% jitter, so retries after an SMTP outage do not arrive in step. */
export function emailJobOptions(options: EmailQueueOptions): DefaultJobOptions {
  return {
    attempts: options.maxAttempts,
    backoff: { type: 'exponential', delay: options.backoffMs, jitter: 0.5 },
    removeOnComplete: { age: 24 * 3600, count: 10_000 },
    removeOnFail: { age: 7 * 24 * 3600, count: 50_000 },
  };
}

export function createEmailQueue(connection: Redis, options: EmailQueueOptions): EmailQueue {
  return new Queue<EmailJobData>(EMAIL_QUEUE, {
    connection,
    prefix: options.prefix,
    defaultJobOptions: emailJobOptions(options),
  });
}
