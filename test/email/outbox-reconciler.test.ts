import { createEnqueueEmail } from '../../activities/email/enqueue-email';
import type { EmailRequest } from '../../contracts';
import { emailJobId } from '../../contracts';
import { outboxEmailModel } from '../../email/outbox-model';
import { OutboxReconciler } from '../../email/outbox-reconciler';
import { createLogger } from '../../logging/logger';
import { EmailHarness } from '../support/email-harness';
import { testServers } from '../support/stack';

const request = (key: string): EmailRequest => ({
  key,
  template: 'registration-confirmed',
  to: 'anna.verdi@example.it',
  locale: 'it',
  data: { displayName: 'Anna Verdi', username: '2345678@aruba.it' },
});
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('the outbox reconciler', () => {
  // Its own Redis database, so the test can lose all of Redis's data as a crash without persistence would.
  const harness = new EmailHarness();
  let enqueueEmail: ReturnType<typeof createEnqueueEmail>;
  let reconciler: OutboxReconciler;

  beforeAll(async () => {
    const redisDb2 = new URL(testServers.redisUrl);
    redisDb2.pathname = '/2';
    await harness.start({
      worker: false,
      overrides: { REDIS_URL: redisDb2.toString(), EMAIL_RECONCILE_INTERVAL_MS: '1000', EMAIL_RECONCILE_GRACE_MS: '300' },
    });
    enqueueEmail = createEnqueueEmail({ outbox: harness.outbox, emailQueue: harness.queue });
    reconciler = new OutboxReconciler(outboxEmailModel(harness.mongo), harness.queue, { graceMs: 300, batchSize: 100 }, createLogger('silent', 'test'));
  });
  afterAll(() => harness.stop());
  beforeEach(() => harness.sink.clear());

  it('when Redis loses every job, the e-mail worker queues the outbox row again and it is delivered exactly once', async () => {
    const { outboxId } = await enqueueEmail(request('signup-lost-1:registration-confirmed'));
    await harness.redis.flushdb(); // the job is gone; the outbox row stays `queued`
    expect(await harness.queue.getJob(emailJobId(outboxId))).toBeUndefined();

    harness.startWorker();
    await harness.sink.waitForMessages(1, 15_000);
    await pause(2500); // two more reconciler runs: nothing is sent again

    expect(harness.sink.messages).toHaveLength(1);
    expect(harness.sink.messages[0]!.parsed.subject).toBe('Conferma iscrizione');
    expect(harness.sink.messages[0]!.parsed.messageId).toBe(`<${outboxId}@aruba.it>`);
    const row = await harness.outbox.find(outboxId);
    expect(row!.status).toBe('sent');
    expect(row!.attempts.map((a) => a.outcome)).toEqual(['sent']);
    await harness.worker!.close();
    harness.worker = undefined;
  }, 30_000);

  it('leaves alone a row whose job is still waiting, and a row too young to judge', async () => {
    const { outboxId } = await enqueueEmail(request('signup-live-2:registration-confirmed'));
    const young = await reconciler.reconcile();
    expect(young.requeued).toBe(0);
    await pause(400);
    const settled = await reconciler.reconcile();
    expect(settled).toMatchObject({ requeued: 0, orphaned: 0 });
    expect(await (await harness.queue.getJob(emailJobId(outboxId)))!.getState()).toBe('waiting');
  });

  it('never requeues a row still `sending` under its row lease: that worker may be mid-send', async () => {
    const { outboxId } = await enqueueEmail(request('signup-sending-3:registration-confirmed'));
    await harness.outbox.claim(outboxId, 60_000, new Date());
    await (await harness.queue.getJob(emailJobId(outboxId)))!.remove();
    await pause(400);

    expect((await reconciler.reconcile()).requeued).toBe(0);
    expect(await harness.queue.getJob(emailJobId(outboxId))).toBeUndefined();
  });

  it('requeues a row whose job failed (its attempts spent while the store was down)', async () => {
    const { outboxId } = await enqueueEmail(request('signup-failed-4:registration-confirmed'));
    const job = (await harness.queue.getJob(emailJobId(outboxId)))!;
    // As BullMQ leaves a job whose last attempt failed: moved from the wait list to the failed set.
    await harness.redis.eval(
      `redis.call('lrem', KEYS[1], 0, ARGV[1]); redis.call('zadd', KEYS[2], 1, ARGV[1]); return 1`,
      2,
      `${harness.prefix}:email:wait`,
      `${harness.prefix}:email:failed`,
      job.id!,
    );
    expect(await job.getState()).toBe('failed');
    await pause(400);

    expect((await reconciler.reconcile()).requeued).toBeGreaterThanOrEqual(1);
    expect(await (await harness.queue.getJob(emailJobId(outboxId)))!.getState()).toBe('waiting');
  });

  it('never resends a row whose job completed: the outcome was lost after SMTP accepted it', async () => {
    const { outboxId } = await enqueueEmail(request('signup-done-5:registration-confirmed'));
    const jobId = emailJobId(outboxId);
    await harness.redis.eval(
      `redis.call('lrem', KEYS[1], 0, ARGV[1]); redis.call('zadd', KEYS[2], 1, ARGV[1]); return 1`,
      2,
      `${harness.prefix}:email:wait`,
      `${harness.prefix}:email:completed`,
      jobId,
    );
    await pause(400);

    expect((await reconciler.reconcile()).orphaned).toBeGreaterThanOrEqual(1);
    expect(await (await harness.queue.getJob(jobId))!.getState()).toBe('completed');
  });
});
