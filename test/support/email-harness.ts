import type { Connection } from 'mongoose';
import type { Redis } from 'ioredis';
import type { Config } from '../../config';
import { connectMongo } from '../../db/mongo';
import { emailOutbox, type EmailOutbox } from '../../email/outbox';
import { outboxEmailModel } from '../../email/outbox-model';
import { createEmailQueue, type EmailQueue } from '../../email/queue';
import { createLogger } from '../../logging/logger';
import { createRedisConnection } from '../../redis/connection';
import { MailSink } from '../../stack/mail-sink';
import { startEmailWorker, type RunningEmailWorker } from '../../workers/email-worker';
import { testConfig, uniqueName } from './stack';

/**
 * The e-mail pipeline on the real servers: a suite's own database, queue prefix and SMTP listener.
 * Retries are fast (50 ms backoff) and the job lock short, so failure paths finish in seconds.
 */
export class EmailHarness {
  readonly sink = new MailSink();
  readonly prefix: string;
  config!: Config;
  mongo!: Connection;
  redis!: Redis;
  outbox!: EmailOutbox;
  queue!: EmailQueue;
  worker?: RunningEmailWorker;

  /** `prefix`: the queue's Redis key prefix; a suite running the worker as its own process uses BullMQ's default. */
  constructor(options: { prefix?: string } = {}) {
    this.prefix = options.prefix ?? uniqueName('bull');
  }

  async start(options: { worker?: boolean; overrides?: Record<string, string> } = {}): Promise<this> {
    await this.sink.listen();
    this.config = testConfig({
      SMTP_URL: this.sink.url,
      EMAIL_BACKOFF_MS: '50',
      EMAIL_MAX_ATTEMPTS: '5',
      EMAIL_JOB_LOCK_MS: '2000',
      EMAIL_CONCURRENCY: '4',
      ...options.overrides,
    });
    this.mongo = await connectMongo(this.config.MONGODB_URI);
    const model = outboxEmailModel(this.mongo);
    await model.init(); // unique index in place before the first concurrent insert
    this.outbox = emailOutbox(this.mongo, this.config.PAYLOAD_ENCRYPTION_KEY);
    this.redis = createRedisConnection(this.config.REDIS_URL);
    this.queue = createEmailQueue(this.redis, {
      maxAttempts: this.config.EMAIL_MAX_ATTEMPTS,
      backoffMs: this.config.EMAIL_BACKOFF_MS,
      prefix: this.prefix,
    });
    if (options.worker !== false) this.startWorker();
    return this;
  }

  startWorker(): RunningEmailWorker {
    this.worker = startEmailWorker(this.config, {
      mongo: this.mongo,
      redis: this.redis,
      logger: createLogger('silent', 'test'),
      prefix: this.prefix,
    });
    return this.worker;
  }

  /** Waits until no e-mail job is waiting, delayed or active: nothing more can arrive. */
  async drained(timeoutMs = 20_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const counts = await this.queue.getJobCounts('waiting', 'delayed', 'active', 'prioritized', 'waiting-children');
      if (Object.values(counts).every((n) => n === 0)) return;
      if (Date.now() > deadline) throw new Error(`queue not drained: ${JSON.stringify(counts)}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  async stop(): Promise<void> {
    await this.worker?.close();
    await this.queue?.obliterate({ force: true }).catch(() => undefined);
    await this.queue?.close();
    await this.mongo?.dropDatabase().catch(() => undefined);
    await this.mongo?.close();
    await this.redis?.quit();
    await this.sink.close();
  }
}
