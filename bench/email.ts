import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Queue, Worker } from 'bullmq';
import { createEnqueueEmail } from '../activities/email/enqueue-email';
import { loadConfig } from '../config';
import { connectMongo } from '../db/mongo';
import { emailOutbox } from '../email/outbox';
import { outboxEmailModel } from '../email/outbox-model';
import { createEmailQueue, emailJobOptions } from '../email/queue';
import { messageIdFor } from '../email/transport';
import { createLogger } from '../logging/logger';
import { createRedisConnection } from '../redis/connection';
import { startFerretDb, startRedis, type RunningServer } from '../stack/servers';
import { loadTools } from '../stack/tools';
import { startEmailWorker } from '../workers/email-worker';
import { DeliveryCounter } from './email/delivery-counter';
import { prefillOutbox } from './email/existing-outbox';
import { percentile, round, runPool } from './figures';
import { cpuMsOf, pidListeningOn } from './registration/process-stats';

/**
 * Benchmark of the e-mail pipeline: outbox + queue + worker + render + SMTP, against raw BullMQ
 * no-op jobs on the same Redis. One run prints figures; they compare only on the same machine.
 */
interface BenchOptions {
  emails: number;
  /** Callers enqueueing at once. */
  concurrency: number;
  /** The e-mail worker's `EMAIL_CONCURRENCY`; omitted: the configured default. */
  workerConcurrency?: number;
  /** Sent rows put in the outbox before measuring. */
  existing: number;
  /** E-mails sent through the pipeline before measuring. */
  warmup: number;
  json: boolean;
}

interface BenchFigures {
  emails: number;
  concurrency: number;
  workerConcurrency: number;
  existing: number;
  existingFillSeconds: number;
  warmup: number;
  node: string;
  cpus: number;
  loadAverage: number;
  deliveredPerSecond: number;
  rawJobsPerSecond: number;
  pipelineToRawRatio: number;
  latencyP50Ms: number;
  latencyP99Ms: number;
  peakRssMiB: number;
  /** CPU ms per delivered e-mail while the pipeline ran, per process (where the benchmark can see it). */
  cpuMsPerEmail: Record<string, number>;
}

type Cleanup = () => Promise<unknown> | void;

function parseOptions(argv: string[]): BenchOptions {
  const options: BenchOptions = { emails: 500, concurrency: 10, existing: 0, warmup: 500, json: false };
  const counts = { '--emails': 'emails', '--concurrency': 'concurrency', '--worker-concurrency': 'workerConcurrency', '--existing': 'existing', '--warmup': 'warmup' } as const;
  for (let i = 0; i < argv.length; i += 1) {
    const flag = argv[i] ?? '';
    if (flag === '--json') options.json = true;
    else if (flag in counts) {
      const value = Number(argv[(i += 1)]);
      const min = flag === '--existing' || flag === '--warmup' ? 0 : 1;
      if (!Number.isInteger(value) || value < min) throw new Error(`${flag} needs an integer ≥ ${min}`);
      options[counts[flag as keyof typeof counts]] = value;
    } else throw new Error(`unknown option ${flag}; usage: [--emails N] [--concurrency C] [--worker-concurrency W] [--existing N] [--warmup N] [--json]`);
  }
  return options;
}

/** The server the environment names, else one of our own, stopped at the end; with its pid when we can see it. */
async function serverAddress(fromEnv: string | undefined, start: () => Promise<RunningServer>, cleanups: Cleanup[]): Promise<{ address: string; pid?: number }> {
  if (fromEnv) return { address: fromEnv, pid: pidListeningOn(Number(new URL(fromEnv).port)) };
  const server = await start();
  cleanups.push(() => server.process.stop());
  return { address: server.address, pid: server.process.child.pid };
}

/** CPU ms used since `start()`: this process (enqueue, worker, SMTP listener) and the servers. */
function cpuMeter(servers: Record<string, number | undefined>) {
  const own = () => {
    const usage = process.cpuUsage();
    return (usage.user + usage.system) / 1000;
  };
  const readers: Record<string, () => number> = { 'bench process (enqueue, worker, SMTP listener)': own };
  for (const [name, pid] of Object.entries(servers)) if (pid) readers[name] = () => cpuMsOf(pid);
  const started = Object.fromEntries(Object.entries(readers).map(([name, read]) => [name, read()]));
  return () => Object.fromEntries(Object.entries(readers).map(([name, read]) => [name, read() - (started[name] ?? 0)]));
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  const runId = randomUUID().slice(0, 8);
  const prefix = `bench-${runId}`;
  const cleanups: Cleanup[] = [];
  const workDir = mkdtempSync(path.join(os.tmpdir(), 'anagrafica-bench-'));
  try {
    // Servers of our own unless the environment names them; either way a database and prefix of this run.
    const logDir = path.join(workDir, 'logs');
    const redisServer = await serverAddress(process.env.REDIS_URL, () => startRedis(loadTools(), logDir), cleanups);
    const store = await serverAddress(process.env.MONGODB_URI, () => startFerretDb(loadTools(), path.join(workDir, 'ferretdb'), logDir), cleanups);
    const redisUrl = redisServer.address;
    const mongoUri = new URL(store.address);
    mongoUri.pathname = `/anagrafica_bench_${runId}`;

    const sink = new DeliveryCounter();
    await sink.listen();
    cleanups.push(() => sink.close());
    const config = loadConfig({
      NODE_ENV: 'development', // a local run on the development secrets
      MONGODB_URI: mongoUri.toString(),
      REDIS_URL: redisUrl,
      SMTP_URL: sink.url,
      ...(options.workerConcurrency ? { EMAIL_CONCURRENCY: String(options.workerConcurrency) } : {}),
      LOG_LEVEL: 'silent',
    });

    const mongo = await connectMongo(config.MONGODB_URI);
    cleanups.push(() => mongo.close(), () => mongo.dropDatabase());
    const model = outboxEmailModel(mongo);
    await model.init(); // unique index in place before the first concurrent insert
    const fillMs = options.existing ? await prefillOutbox(model, options.existing, { runId, mailFrom: config.MAIL_FROM }) : 0;
    if (options.existing && !options.json) console.log(`filled the outbox with ${options.existing} sent rows in ${(fillMs / 1000).toFixed(1)} s`);
    const redis = createRedisConnection(config.REDIS_URL);
    cleanups.push(() => redis.quit());
    const queueOptions = { maxAttempts: config.EMAIL_MAX_ATTEMPTS, backoffMs: config.EMAIL_BACKOFF_MS, prefix };
    const emailQueue = createEmailQueue(redis, queueOptions);
    cleanups.push(() => emailQueue.close(), () => emailQueue.obliterate({ force: true }));
    const enqueueEmail = createEnqueueEmail({ outbox: emailOutbox(mongo, config.PAYLOAD_ENCRYPTION_KEY), emailQueue });
    const emailWorker = startEmailWorker(config, { mongo, redis, logger: createLogger('silent', 'bench'), prefix });
    cleanups.push(() => emailWorker.close());
    await Promise.all([emailQueue.waitUntilReady(), emailWorker.worker.waitUntilReady()]);

    // A: the full pipeline, through the real activity and worker; `--warmup` e-mails first, unmeasured, so
    // the figures are those of a running worker, not of V8 compiling its hot paths.
    const enqueuedAt = new Map<string, number>();
    const drive = async (count: number, keyPrefix: string) => {
      sink.clear();
      await runPool(count, options.concurrency, async (i) => {
        const receipt = await enqueueEmail({
          key: `${keyPrefix}-${runId}-${i}`,
          template: 'registration-confirmed',
          to: `cliente${i}@example.com`,
          locale: 'it',
          data: { displayName: `Cliente ${i}`, username: `${1_000_000 + i}@aruba.it` },
        });
        // Enqueued once the activity returns (row stored, job queued); the Message-ID names the row.
        enqueuedAt.set(messageIdFor(receipt.outboxId, config.MAIL_FROM), Date.now());
      });
      return sink.waitFor(count, 120_000 + count * 500);
    };
    if (options.warmup) await drive(options.warmup, 'warmup');
    let peakRss = process.memoryUsage.rss();
    const rssSampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage.rss())), 50);
    cleanups.push(() => clearInterval(rssSampler));
    const loadAverage = os.loadavg()[0] ?? NaN;
    const cpuUsed = cpuMeter({ FerretDB: store.pid, Redis: redisServer.pid });
    const pipelineStart = Date.now();
    const delivered = await drive(options.emails, 'bench');
    const pipelineCpu = cpuUsed();
    clearInterval(rssSampler);
    const latencies = delivered.map((mail) => {
      const enqueued = enqueuedAt.get(mail.messageId);
      if (enqueued === undefined) throw new Error(`delivered an e-mail that was not enqueued: ${mail.messageId}`);
      return mail.receivedAt - enqueued;
    });
    if (new Set(delivered.map((mail) => mail.messageId)).size !== options.emails) throw new Error('an e-mail was delivered twice');
    const pipelineMs = Math.max(...delivered.map((mail) => mail.receivedAt)) - pipelineStart;
    latencies.sort((a, b) => a - b);

    // B: raw BullMQ, same Redis, job options and worker concurrency; the processor does nothing.
    const noopQueue = new Queue<{ index: number }>('bench-noop', { connection: redis, prefix, defaultJobOptions: emailJobOptions(queueOptions) });
    cleanups.push(() => noopQueue.close(), () => noopQueue.obliterate({ force: true }));
    const noopWorker = new Worker('bench-noop', async () => undefined, { connection: redis, prefix, concurrency: config.EMAIL_CONCURRENCY });
    cleanups.push(() => noopWorker.close());
    await Promise.all([noopQueue.waitUntilReady(), noopWorker.waitUntilReady()]);
    let completed = 0;
    const allCompleted = new Promise<number>((resolve) =>
      noopWorker.on('completed', () => {
        if ((completed += 1) === options.emails) resolve(Date.now());
      }),
    );
    const rawStart = Date.now();
    await runPool(options.emails, options.concurrency, async (index) => {
      await noopQueue.add('noop', { index });
    });
    const rawMs = (await allCompleted) - rawStart;

    report(options, {
      emails: options.emails,
      concurrency: options.concurrency,
      workerConcurrency: config.EMAIL_CONCURRENCY,
      existing: options.existing,
      existingFillSeconds: round(fillMs / 1000, 1),
      warmup: options.warmup,
      node: process.version,
      cpus: os.availableParallelism(),
      loadAverage: round(loadAverage, 2),
      deliveredPerSecond: round((options.emails * 1000) / pipelineMs, 1),
      rawJobsPerSecond: round((options.emails * 1000) / rawMs, 1),
      pipelineToRawRatio: round(rawMs / pipelineMs, 4),
      latencyP50Ms: percentile(latencies, 50),
      latencyP99Ms: percentile(latencies, 99),
      peakRssMiB: round(peakRss / 2 ** 20, 1),
      cpuMsPerEmail: Object.fromEntries(Object.entries(pipelineCpu).map(([name, ms]) => [name, round(ms / options.emails, 2)])),
    });
  } finally {
    // Last opened, first closed: workers before their connections, connections before servers.
    for (const cleanup of cleanups.reverse()) {
      await Promise.resolve()
        .then(cleanup)
        .catch((error: Error) => console.error(`cleanup: ${error.message}`));
    }
    rmSync(workDir, { recursive: true, force: true });
  }
}

function report(options: BenchOptions, figures: BenchFigures): void {
  if (options.json) return console.log(JSON.stringify(figures, null, 2));
  const rows: Array<[string, string]> = [
    ['delivered e-mails/s', figures.deliveredPerSecond.toFixed(1)],
    ['raw BullMQ no-op jobs/s', figures.rawJobsPerSecond.toFixed(1)],
    ['pipeline / raw ratio', `${(figures.pipelineToRawRatio * 100).toFixed(1)}%`],
    ['enqueue→delivery p50', `${figures.latencyP50Ms} ms`],
    ['enqueue→delivery p99', `${figures.latencyP99Ms} ms`],
    ['peak RSS (bench process hosting the worker)', `${figures.peakRssMiB.toFixed(0)} MiB`],
    ...Object.entries(figures.cpuMsPerEmail).map(([name, ms]): [string, string] => [`CPU/e-mail: ${name}`, `${ms.toFixed(2)} ms`]),
    ['CPU/e-mail: total', `${Object.values(figures.cpuMsPerEmail).reduce((a, b) => a + b, 0).toFixed(2)} ms`],
  ];
  console.log(
    `e-mail pipeline benchmark (${figures.emails} e-mails enqueued ${figures.concurrency} at a time, worker concurrency ${figures.workerConcurrency}, ` +
      `${figures.existing} rows already in the outbox, ${figures.warmup} e-mails of warm-up, ` +
      `node ${figures.node}, ${figures.cpus} cpus, load average ${figures.loadAverage} at the start)`,
  );
  for (const [label, value] of rows) console.log(`  ${label.padEnd(52)}${value.padStart(10)}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
