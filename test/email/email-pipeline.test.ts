import type { Job } from 'bullmq';
import { DelayedError } from 'bullmq';
import { createEnqueueEmail } from '../../activities/email/enqueue-email';
import { emailTemplatesDir } from '../../config/paths';
import type { EmailJobData, EmailRequest } from '../../contracts';
import { createEmailDelivery } from '../../email/delivery';
import { EmailRenderer } from '../../email/renderer';
import { SendLease } from '../../email/send-lease';
import { createLogger } from '../../logging/logger';
import { EmailHarness } from '../support/email-harness';

const confirmation = (key: string, overrides: Partial<EmailRequest> = {}): EmailRequest =>
  ({
    key,
    template: 'registration-confirmed',
    to: 'mario.rossi@example.it',
    locale: 'it',
    data: { displayName: 'Mario Rossi', username: '1234567@aruba.it' },
    ...overrides,
  }) as EmailRequest;

describe('the e-mail pipeline on real Redis, FerretDB and an SMTP listener', () => {
  const harness = new EmailHarness();
  let enqueueEmail: ReturnType<typeof createEnqueueEmail>;

  beforeAll(async () => {
    await harness.start();
    enqueueEmail = createEnqueueEmail({ outbox: harness.outbox, emailQueue: harness.queue });
  });
  afterAll(() => harness.stop());
  beforeEach(() => harness.sink.clear());

  it('delivers "Conferma iscrizione" in Italian, both parts, with the username and every value escaped', async () => {
    const receipt = await enqueueEmail(
      confirmation('signup-1:registration-confirmed', { data: { displayName: '<script>alert(1)</script>', username: '7654321@aruba.it' } }),
    );
    const [mail] = await harness.sink.waitForMessages(1);
    const parsed = mail!.parsed;

    expect(mail!.envelopeTo).toEqual(['mario.rossi@example.it']);
    expect(parsed.to).toMatchObject({ value: [{ address: 'mario.rossi@example.it' }] });
    expect(parsed.subject).toBe('Conferma iscrizione');
    expect(parsed.messageId).toBe(`<${receipt.outboxId}@aruba.it>`);
    expect(parsed.html).toContain('lang="it"');
    expect(parsed.html).toContain('7654321@aruba.it');
    expect(parsed.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(parsed.html).not.toContain('<script>');
    expect(parsed.text).toContain('7654321@aruba.it');
    expect(parsed.text).toContain('Gentile <script>alert(1)</script>'); // plain text shows it as typed
    expect(parsed.text).not.toMatch(/<(html|p|a|table)\b/);

    await harness.drained();
    const row = await harness.outbox.findByKey('signup-1:registration-confirmed');
    expect(row).toMatchObject({ status: 'sent', attemptCount: 1, messageId: `<${receipt.outboxId}@aruba.it>` });
    expect(row!.attempts.map((a) => a.outcome)).toEqual(['sent']);
    expect(row!.providerResponse).toMatch(/^250/);
    expect(row!.providerMessageId).toBeTruthy();
  });

  it('speaks English when the locale is en', async () => {
    await enqueueEmail(confirmation('signup-2:registration-confirmed', { locale: 'en' }));
    const [mail] = await harness.sink.waitForMessages(1);
    expect(mail!.parsed.subject).toBe('Registration confirmed');
    expect(mail!.parsed.html).toContain('lang="en"');
    expect(mail!.parsed.text).toContain('1234567@aruba.it');
  });

  it('sends one e-mail for one key, however often and however concurrently it is enqueued', async () => {
    const key = 'signup-3:registration-confirmed';
    const first = await enqueueEmail(confirmation(key));
    const again = await enqueueEmail(confirmation(key));
    const concurrent = await Promise.all(Array.from({ length: 8 }, () => enqueueEmail(confirmation(key))));

    for (const receipt of [again, ...concurrent]) expect(receipt.outboxId).toBe(first.outboxId);
    await harness.sink.waitForMessages(1);
    await harness.drained();
    expect(harness.sink.messages).toHaveLength(1);
    expect(harness.sink.attempts).toBe(1);

    // After it was sent, enqueueing the key once more changes nothing either.
    await enqueueEmail(confirmation(key));
    await harness.drained();
    expect(harness.sink.messages).toHaveLength(1);
    expect(await harness.outbox.findByKey(key)).toMatchObject({ status: 'sent', attemptCount: 1 });
  });

  it('sends once when two workers are handed the same e-mail at the same moment (a stalled job run twice)', async () => {
    const key = 'signup-8:registration-confirmed';
    const { _id: outboxId } = await harness.outbox.record(confirmation(key));
    const deliver = createEmailDelivery({
      outbox: harness.outbox,
      lease: new SendLease(harness.redis, `${harness.prefix}:email-lease`),
      renderer: new EmailRenderer(emailTemplatesDir),
      transport: harness.worker!.transport,
      from: harness.config.MAIL_FROM,
      leaseMs: 5000,
      logger: createLogger('silent', 'test'),
    });
    const job = () => ({ data: { outboxId }, attemptsMade: 0, opts: { attempts: 5 }, moveToDelayed: jest.fn(async () => undefined) });
    const [a, b] = [job(), job()];
    const outcomes = await Promise.allSettled([deliver(a as unknown as Job<EmailJobData>, 'ta'), deliver(b as unknown as Job<EmailJobData>, 'tb')]);

    expect(outcomes.filter((o) => o.status === 'fulfilled').map((o) => (o as PromiseFulfilledResult<string>).value)).toEqual(['sent']);
    const postponed = outcomes.find((o) => o.status === 'rejected') as PromiseRejectedResult;
    expect(postponed.reason).toBeInstanceOf(DelayedError);
    expect(a.moveToDelayed.mock.calls.length + b.moveToDelayed.mock.calls.length).toBe(1);
    expect(harness.sink.messages).toHaveLength(1);
    expect((await harness.outbox.findByKey(key))!.attempts.map((x) => x.outcome)).toEqual(['sent']);

    // Run again later (as the postponed job would be): nothing more is sent.
    expect(await deliver(job() as unknown as Job<EmailJobData>, 'tc')).toBe('already-final');
    expect(harness.sink.attempts).toBe(1);
  });

  it('retries SMTP 451 and delivers once, with every attempt recorded', async () => {
    harness.sink.policy = (_mail, attempt) => (attempt <= 2 ? { code: 451, message: 'try again later' } : { accept: true });
    const key = 'signup-4:registration-confirmed';
    await enqueueEmail(confirmation(key));

    await harness.sink.waitForMessages(1);
    await harness.drained();
    expect(harness.sink.messages).toHaveLength(1);
    expect(harness.sink.attempts).toBe(3);
    const row = await harness.outbox.findByKey(key);
    expect(row!.status).toBe('sent');
    expect(row!.attempts.map((a) => [a.number, a.outcome, a.responseCode ?? null])).toEqual([
      [1, 'retry', 451],
      [2, 'retry', 451],
      [3, 'sent', null],
    ]);
    expect(row!.attempts[0]!.error).toContain('try again later');
  });

  it('fails permanently on SMTP 550 without another attempt', async () => {
    harness.sink.policy = () => ({ code: 550, message: 'mailbox unavailable' });
    const key = 'signup-5:registration-confirmed';
    const { outboxId } = await enqueueEmail(confirmation(key));

    await harness.drained();
    const job = await harness.queue.getJob(`email-${outboxId}`);
    expect(await job!.getState()).toBe('failed');
    expect(job!.attemptsMade).toBe(1);
    expect(harness.sink.attempts).toBe(1);
    expect(harness.sink.messages).toHaveLength(0);
    const row = await harness.outbox.findByKey(key);
    expect(row!.status).toBe('failed');
    expect(row!.attempts).toEqual([expect.objectContaining({ number: 1, outcome: 'failed', responseCode: 550 })]);
  });

  it('abandons the e-mail when every retry meets a temporary failure', async () => {
    harness.sink.policy = () => ({ code: 421, message: 'service not available' });
    const key = 'signup-6:registration-confirmed';
    await enqueueEmail(confirmation(key));

    await harness.drained();
    const row = await harness.outbox.findByKey(key);
    expect(row!.status).toBe('abandoned');
    expect(row!.attempts.map((a) => a.outcome)).toEqual(['retry', 'retry', 'retry', 'retry', 'abandoned']);
    expect(harness.sink.attempts).toBe(5);
  });

  it('refuses template data that is not in the template, before storing anything', async () => {
    const key = 'signup-7:registration-confirmed';
    const bad = { ...confirmation(key), data: { displayName: 'Mario', username: '1234567@aruba.it', password: 'Segreta!2026' } };
    await expect(enqueueEmail(bad)).rejects.toMatchObject({ name: 'InvalidEmailRequestError', message: expect.stringContaining('password') });
    expect(await harness.outbox.findByKey(key)).toBeNull();
  });
});
