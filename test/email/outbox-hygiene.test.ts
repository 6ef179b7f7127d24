import { createEnqueueEmail } from '../../activities/email/enqueue-email';
import { emailJobId, type EmailRequest } from '../../contracts';
import { outboxIdFor } from '../../email/outbox';
import { EmailHarness } from '../support/email-harness';

const TOKEN = 'Zk3o9Qx1-secret-reset-token-that-must-not-leak_';
const RESET_URL = `http://localhost:3000/recupero/nuova-password?token=${TOKEN}`;
const RECIPIENT = 'giulia.bianchi@example.it';

const resetEmail = (key: string): EmailRequest => ({
  key,
  template: 'password-reset',
  to: RECIPIENT,
  locale: 'it',
  data: { displayName: 'Giulia Bianchi', username: '1234567@aruba.it', resetUrl: RESET_URL, expiresInMinutes: 30 },
});

describe('outbox rows on real FerretDB: no token in clear, no personal data once final', () => {
  const harness = new EmailHarness();
  let enqueueEmail: ReturnType<typeof createEnqueueEmail>;
  /** The row exactly as the database holds it, not through the model. */
  const rawRow = async (key: string) => {
    const row = await harness.outbox.findByKey(key);
    return harness.mongo.db!.collection('email_outbox').findOne({ _id: row!._id as never });
  };

  beforeAll(async () => {
    await harness.start({ worker: false });
    enqueueEmail = createEnqueueEmail({ outbox: harness.outbox, emailQueue: harness.queue });
  });
  afterAll(() => harness.stop());
  beforeEach(() => harness.sink.clear());

  it('seals the template data with the payload key: the stored row holds neither the token nor the link', async () => {
    const key = 'password-reset:hygiene-1';
    await enqueueEmail(resetEmail(key));
    const raw = await rawRow(key);
    expect(raw).toMatchObject({ template: 'password-reset', status: 'queued', to: RECIPIENT });
    expect(raw!.data).toBeUndefined();
    const stored = JSON.stringify(raw) + Buffer.from(raw!.sealedData.buffer).toString('latin1');
    expect(stored).not.toContain(TOKEN);
    expect(stored).not.toContain('nuova-password');
    expect(stored).not.toContain('Giulia');
    expect(Buffer.from(raw!.sealedData.buffer).toString('latin1')).toContain('binary/encrypted');

    // The worker opens it at send time: the e-mail carries the link.
    harness.startWorker();
    const [mail] = await harness.sink.waitForMessages(1);
    expect(mail!.parsed.text).toContain(RESET_URL);
    await harness.drained();
    await harness.worker!.close();
    harness.worker = undefined;
  });

  it('clears recipient and data once sent, keeping what operators need; the same key again sends nothing', async () => {
    const key = 'password-reset:hygiene-2';
    harness.startWorker();
    const receipt = await enqueueEmail(resetEmail(key));
    await harness.sink.waitForMessages(1);
    await harness.drained();

    const raw = await rawRow(key);
    expect(raw).toMatchObject({ key, template: 'password-reset', locale: 'it', status: 'sent', attemptCount: 1, messageId: `<${receipt.outboxId}@aruba.it>` });
    expect(raw!.providerMessageId).toBeTruthy();
    expect(raw!.sentAt).toBeInstanceOf(Date);
    expect(raw!.redactedAt).toBeInstanceOf(Date);
    expect(raw!.attempts).toEqual([expect.objectContaining({ number: 1, outcome: 'sent' })]);
    expect(raw).not.toHaveProperty('to');
    expect(raw).not.toHaveProperty('sealedData');
    expect(JSON.stringify(raw)).not.toContain(RECIPIENT);

    // Idempotency holds without the data: the final row answers, and no second e-mail leaves.
    expect(await enqueueEmail(resetEmail(key))).toEqual({ outboxId: receipt.outboxId, status: 'sent' });
    await new Promise((resolve) => setTimeout(resolve, 500));
    await harness.drained();
    expect(harness.sink.messages).toHaveLength(1);
  });

  it('still sends a row stored before sealing (data in clear), and clears it once sent', async () => {
    const key = 'password-reset:hygiene-legacy';
    const outboxId = outboxIdFor(key);
    const { to, template, locale, data } = resetEmail(key);
    await harness.mongo.db!.collection('email_outbox').insertOne({ _id: outboxId as never, key, template, to, locale, data, status: 'queued', attemptCount: 0, attempts: [], createdAt: new Date(), updatedAt: new Date() });
    if (!harness.worker) harness.startWorker();
    await harness.queue.add('send', { outboxId }, { jobId: emailJobId(outboxId) });
    const [mail] = await harness.sink.waitForMessages(1);
    expect(mail!.parsed.text).toContain(RESET_URL);
    await harness.drained();
    const raw = await rawRow(key);
    expect(raw).toMatchObject({ status: 'sent' });
    expect(raw).not.toHaveProperty('data');
    expect(raw).not.toHaveProperty('to');
  });

  it('clears them too when the e-mail fails for good', async () => {
    harness.sink.policy = () => ({ code: 550, message: 'mailbox unavailable' });
    const key = 'password-reset:hygiene-3';
    await enqueueEmail(resetEmail(key));
    await harness.drained();
    const raw = await rawRow(key);
    expect(raw).toMatchObject({ status: 'failed', attempts: [expect.objectContaining({ outcome: 'failed', responseCode: 550 })] });
    expect(raw).not.toHaveProperty('to');
    expect(raw).not.toHaveProperty('sealedData');
  });
});
