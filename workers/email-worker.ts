import { Worker } from 'bullmq';
import type { Connection } from 'mongoose';
import type { Redis } from 'ioredis';
import type { Transporter } from 'nodemailer';
import { loadConfigOrExit, type Config } from '../config';
import { emailTemplatesDir } from '../config/paths';
import type { EmailJobData } from '../contracts';
import { EMAIL_QUEUE } from '../contracts';
import { connectMongo } from '../db/mongo';
import { createEmailDelivery, type DeliveryResult } from '../email/delivery';
import { emailOutbox } from '../email/outbox';
import { dropRetiredOutboxIndexes, outboxEmailModel } from '../email/outbox-model';
import { OutboxReconciler } from '../email/outbox-reconciler';
import { scheduleOutboxReconciler } from '../email/outbox-reconciler-schedule';
import { createEmailQueue } from '../email/queue';
import { EmailRenderer } from '../email/renderer';
import { SendLease } from '../email/send-lease';
import { createMailTransport } from '../email/transport';
import { createLogger, type Logger } from '../logging/logger';
import { listenForMetrics } from '../metrics/serve';
import { createRedisConnection } from '../redis/connection';
import { EMAIL_WORKER_METRICS_PORT, EmailWorkerMetrics } from './email-worker-metrics';

export type EmailWorkerConfig = Pick<
  Config,
  | 'SMTP_URL'
  | 'MAIL_FROM'
  | 'EMAIL_CONCURRENCY'
  | 'EMAIL_JOB_LOCK_MS'
  | 'EMAIL_MAX_ATTEMPTS'
  | 'EMAIL_BACKOFF_MS'
  | 'EMAIL_RECONCILE_INTERVAL_MS'
  | 'EMAIL_RECONCILE_GRACE_MS'
  | 'EMAIL_RECONCILE_BATCH'
  | 'PAYLOAD_ENCRYPTION_KEY'
>;

export interface EmailWorkerDeps {
  mongo: Connection;
  redis: Redis;
  logger: Logger;
  /** Redis key prefix of the queue; tests use one per suite. @defaultValue bull */
  prefix?: string;
  /** Counts each recorded attempt (workers/email-worker-metrics.ts); omitted: not counted. */
  metrics?: EmailWorkerMetrics;
}

export interface RunningEmailWorker {
  worker: Worker<EmailJobData, DeliveryResult>;
  transport: Transporter;
  /** Finishes the jobs in hand, then closes the SMTP pool. */
  close(): Promise<void>;
}

/** Builds and starts the BullMQ worker that renders and sends outbox e-mails. */
export function startEmailWorker(config: EmailWorkerConfig, deps: EmailWorkerDeps): RunningEmailWorker {
  const transport = createMailTransport({
    smtpUrl: config.SMTP_URL,
    maxConnections: Math.min(config.EMAIL_CONCURRENCY, 20),
    jobLockMs: config.EMAIL_JOB_LOCK_MS,
  });
  const deliver = createEmailDelivery({
    outbox: deps.metrics ? deps.metrics.counting(emailOutbox(deps.mongo, config.PAYLOAD_ENCRYPTION_KEY)) : emailOutbox(deps.mongo, config.PAYLOAD_ENCRYPTION_KEY),
    lease: new SendLease(deps.redis, `${deps.prefix ?? 'bull'}:email-lease`),
    renderer: new EmailRenderer(emailTemplatesDir),
    transport,
    from: config.MAIL_FROM,
    leaseMs: config.EMAIL_JOB_LOCK_MS,
    logger: deps.logger,
  });
  const worker = new Worker<EmailJobData, DeliveryResult>(EMAIL_QUEUE, deliver, {
    connection: deps.redis,
    prefix: deps.prefix,
    concurrency: config.EMAIL_CONCURRENCY,
    lockDuration: config.EMAIL_JOB_LOCK_MS,
    stalledInterval: config.EMAIL_JOB_LOCK_MS,
    maxStalledCount: 3,
  });
  worker.on('error', (error) => deps.logger.error({ err: error }, 'e-mail worker error'));
  worker.on('failed', (job, error) =>
    deps.logger.warn({ jobId: job?.id, attemptsMade: job?.attemptsMade, err: error.message }, 'e-mail job failed'),
  );
  transport.on('error', (error) => deps.logger.error({ err: error }, 'SMTP transport error'));
  // Requeues outbox rows whose job Redis lost (docs/email.md, "When a job is lost").
  const emailQueue = createEmailQueue(deps.redis, { maxAttempts: config.EMAIL_MAX_ATTEMPTS, backoffMs: config.EMAIL_BACKOFF_MS, prefix: deps.prefix });
  const reconciler = new OutboxReconciler(
    outboxEmailModel(deps.mongo),
    emailQueue,
    { graceMs: config.EMAIL_RECONCILE_GRACE_MS, batchSize: config.EMAIL_RECONCILE_BATCH },
    deps.logger,
  );
  const reconcilerSchedule = scheduleOutboxReconciler(deps.redis, reconciler, {
    intervalMs: config.EMAIL_RECONCILE_INTERVAL_MS,
    prefix: deps.prefix,
    logger: deps.logger,
  });
  return {
    worker,
    transport,
    async close() {
      await reconcilerSchedule.close();
      await emailQueue.close();
      await worker.close();
      transport.close();
    },
  };
}

async function main(): Promise<void> {
  const config = loadConfigOrExit();
  const logger = createLogger(config.LOG_LEVEL, 'email-worker');
  const mongo = await connectMongo(config.MONGODB_URI);
  const redis = createRedisConnection(config.REDIS_URL);
  const retired = await dropRetiredOutboxIndexes(outboxEmailModel(mongo));
  if (retired.length) logger.info({ indexes: retired }, 'dropped retired outbox indexes');
  const metricsPort = config.METRICS_PORT ?? EMAIL_WORKER_METRICS_PORT;
  const metrics = metricsPort ? new EmailWorkerMetrics(redis) : undefined;
  const running = startEmailWorker(config, { mongo, redis, logger, metrics });
  const metricsListener = metrics ? await listenForMetrics(metrics.registry, metricsPort, logger) : undefined;
  logger.info({ concurrency: config.EMAIL_CONCURRENCY, metricsPort: metricsListener?.port }, 'e-mail worker started');

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'e-mail worker stopping: finishing jobs in hand');
    await running.close();
    await metricsListener?.close();
    await metrics?.close();
    await redis.quit();
    await mongo.close();
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}

if (require.main === module) {
  main().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
