import type { ChildProcess } from 'node:child_process';
import { createEnqueueEmail } from '../../activities/email/enqueue-email';
import type { EmailRequest } from '../../contracts';
import { EmailHarness } from '../support/email-harness';
import { testServers } from '../support/stack';
import { exited, spawnWorkerProcess } from '../support/worker-process';

/** The e-mail worker as its own process, so it can be killed like a real one. */
const spawnWorker = (harness: EmailHarness) => spawnWorkerProcess('email-worker', harness.config, { EMAIL_CONCURRENCY: '2' });

async function until(condition: () => boolean | Promise<boolean>, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

const request = (key: string): EmailRequest => ({
  key,
  template: 'login-created',
  to: 'anna.verdi@example.it',
  locale: 'it',
  data: { displayName: 'Anna Verdi', username: '2345678@aruba.it' },
});

describe('an e-mail worker process that dies or is stopped mid-send', () => {
  // Its own Redis database, so the worker process can use BullMQ's default key prefix.
  const harness = new EmailHarness({ prefix: 'bull' });
  let enqueueEmail: ReturnType<typeof createEnqueueEmail>;
  const children: ChildProcess[] = [];

  beforeAll(async () => {
    const redisDb1 = new URL(testServers.redisUrl);
    redisDb1.pathname = '/1';
    await harness.start({ worker: false, overrides: { REDIS_URL: redisDb1.toString() } });
    await harness.queue.obliterate({ force: true });
    enqueueEmail = createEnqueueEmail({ outbox: harness.outbox, emailQueue: harness.queue });
  });
  afterEach(() => children.splice(0).forEach((child) => child.kill('SIGKILL')));
  afterAll(() => harness.stop());
  beforeEach(() => harness.sink.clear());

  it('is killed while sending; a restarted worker delivers the e-mail exactly once', async () => {
    harness.sink.policy = (_mail, attempt) => (attempt === 1 ? { hang: true } : { accept: true });
    const first = spawnWorker(harness);
    children.push(first);
    const key = 'login-1:login-created';
    const { outboxId } = await enqueueEmail(request(key));

    await until(() => harness.sink.attempts === 1, 'the first worker to be mid-send');
    expect((await harness.outbox.findByKey(key))!.status).toBe('sending');
    first.kill('SIGKILL');
    await exited(first);

    const second = spawnWorker(harness);
    children.push(second);
    await harness.sink.waitForMessages(1, 30_000);
    await harness.drained(30_000);

    expect(harness.sink.messages).toHaveLength(1);
    expect(harness.sink.messages[0]!.parsed.messageId).toBe(`<${outboxId}@aruba.it>`);
    const row = await harness.outbox.findByKey(key);
    expect(row!.status).toBe('sent');
    expect(row!.attempts.map((a) => a.outcome)).toEqual(['interrupted', 'sent']);
    expect(await (await harness.queue.getJob(`email-${outboxId}`))!.getState()).toBe('completed');
  }, 60_000);

  it('on SIGTERM finishes the e-mail in hand, then exits cleanly', async () => {
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    harness.sink.policy = async () => {
      await released;
      return { accept: true };
    };
    const worker = spawnWorker(harness);
    children.push(worker);
    const key = 'login-2:login-created';
    await enqueueEmail(request(key));

    await until(() => harness.sink.attempts === 1, 'the worker to be mid-send');
    worker.kill('SIGTERM');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(worker.exitCode).toBeNull(); // still finishing
    release();

    expect(await exited(worker)).toBe(0);
    expect(harness.sink.messages).toHaveLength(1);
    expect((await harness.outbox.findByKey(key))!.status).toBe('sent');
  }, 60_000);
});
