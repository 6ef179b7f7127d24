import { DefaultLogger, NativeConnection, Runtime, Worker } from '@temporalio/worker';
import type { Connection } from 'mongoose';
import type { Redis } from 'ioredis';
import { createActivities } from '../activities';
import { loadConfigOrExit, type Config } from '../config';
import { auditEventModel } from '../customers/audit-event-model';
import { profileCorrectionModel } from '../customers/correction-model';
import { customerProfileModel } from '../customers/customer-profile-model';
import { loginModel } from '../customers/login-model';
import { ProfileLock } from '../customers/profile-lock';
import { connectMongo } from '../db/mongo';
import { emailOutbox } from '../email/outbox';
import { outboxEmailModel } from '../email/outbox-model';
import { createEmailQueue } from '../email/queue';
import { createLogger } from '../logging/logger';
import { orderModel } from '../orders/order-model';
import { serviceModel } from '../orders/service-model';
import { createRedisConnection } from '../redis/connection';
import { createDataConverter } from '../temporal/data-converter';
import { createTemporalClient } from '../temporal/client';
import { ensureRetentionSchedule } from '../temporal/retention-schedule';
import { workflowBundlePath } from '../temporal/workflow-bundle';
import { TEMPORAL_WORKER_METRICS_PORT, temporalWorkerMetrics } from './temporal-worker-metrics';

export type TemporalWorkerConfig = Pick<
  Config,
  | 'TEMPORAL_ADDRESS'
  | 'TEMPORAL_NAMESPACE'
  | 'TEMPORAL_TASK_QUEUE'
  | 'TEMPORAL_MAX_CACHED_WORKFLOWS'
  | 'TEMPORAL_WORKFLOW_STACK_TRACES'
  | 'PAYLOAD_ENCRYPTION_KEY'
  | 'EMAIL_MAX_ATTEMPTS'
  | 'EMAIL_BACKOFF_MS'
>;

export interface TemporalWorkerDeps {
  mongo: Connection;
  redis: Redis;
  /** Redis key prefix of the e-mail queue; tests use one per suite. */
  queuePrefix?: string;
}

/** The one place where activities are wired to their dependencies. */
export async function createTemporalWorker(config: TemporalWorkerConfig, deps: TemporalWorkerDeps) {
  const emailQueue = createEmailQueue(deps.redis, {
    maxAttempts: config.EMAIL_MAX_ATTEMPTS,
    backoffMs: config.EMAIL_BACKOFF_MS,
    prefix: deps.queuePrefix,
  });
  const connection = await NativeConnection.connect({ address: config.TEMPORAL_ADDRESS });
  const worker = await Worker.create({
    connection,
    namespace: config.TEMPORAL_NAMESPACE,
    taskQueue: config.TEMPORAL_TASK_QUEUE,
    workflowBundle: { codePath: workflowBundlePath },
    maxCachedWorkflows: config.TEMPORAL_MAX_CACHED_WORKFLOWS,
    // An option of our SDK patch (patches/): the UI's stack traces cost about a fifth of this worker's CPU.
    workflowStackTraces: config.TEMPORAL_WORKFLOW_STACK_TRACES === 'on',
    activities: createActivities({
      outbox: emailOutbox(deps.mongo, config.PAYLOAD_ENCRYPTION_KEY),
      emailQueue,
      profiles: customerProfileModel(deps.mongo),
      logins: loginModel(deps.mongo),
      corrections: profileCorrectionModel(deps.mongo),
      auditEvents: auditEventModel(deps.mongo),
      profileLock: new ProfileLock(deps.redis),
      orders: orderModel(deps.mongo),
      services: serviceModel(deps.mongo),
      outboxRows: outboxEmailModel(deps.mongo),
    }),
    dataConverter: createDataConverter(config.PAYLOAD_ENCRYPTION_KEY),
  });
  return {
    worker,
    /** Releases what the worker opened (call after `worker.run()` has returned). */
    async close() {
      await emailQueue.close();
      await connection.close();
    },
  };
}

async function main(): Promise<void> {
  const config = loadConfigOrExit();
  const logger = createLogger(config.LOG_LEVEL, 'temporal-worker');
  // The SDK's worker metrics appended to this process's own, on METRICS_PORT (workers/temporal-worker-metrics.ts).
  const metricsPort = config.METRICS_PORT ?? TEMPORAL_WORKER_METRICS_PORT;
  const metrics = metricsPort ? await temporalWorkerMetrics() : undefined;
  // The SDK's own logs (bundling, state changes) only from warnings up, unless debugging.
  Runtime.install({
    logger: new DefaultLogger(config.LOG_LEVEL === 'debug' || config.LOG_LEVEL === 'trace' ? 'DEBUG' : 'WARN'),
    ...(metrics ? { telemetryOptions: metrics.telemetryOptions } : {}),
  });
  const metricsListener = metrics ? await metrics.serve(metricsPort, logger) : undefined;
  const mongo = await connectMongo(config.MONGODB_URI);
  const redis = createRedisConnection(config.REDIS_URL);
  const { worker, close } = await createTemporalWorker(config, { mongo, redis });
  // The retention policy runs as a Temporal schedule; every worker start declares it with today's config.
  const temporal = createTemporalClient(config);
  await ensureRetentionSchedule(temporal.client, config).catch((error: Error) => logger.warn({ err: error.message }, 'retention schedule not declared'));
  await temporal.connection.close();
  logger.info({ taskQueue: config.TEMPORAL_TASK_QUEUE, metricsPort: metricsListener?.port }, 'temporal worker started');
  // The SDK installs SIGINT/SIGTERM handlers that shut the worker down gracefully; run() then returns.
  await worker.run();
  await close();
  await metricsListener?.close();
  await redis.quit();
  await mongo.close();
  logger.info('temporal worker stopped');
}

if (require.main === module) {
  main().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
