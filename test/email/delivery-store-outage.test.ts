import type { Job } from 'bullmq';
import { createEnqueueEmail } from '../../activities/email/enqueue-email';
import type { EmailJobData } from '../../contracts';
import { createEmailDelivery } from '../../email/delivery';
import { EmailOutbox } from '../../email/outbox';
import { outboxEmailModel } from '../../email/outbox-model';
import { SealedData } from '../../email/sealed-data';
import { createEncryptionCodec } from '../../temporal/data-converter';
import { EmailRenderer } from '../../email/renderer';
import { SendLease } from '../../email/send-lease';
import { createMailTransport } from '../../email/transport';
import { emailTemplatesDir } from '../../config/paths';
import { createLogger } from '../../logging/logger';
import { EmailHarness } from '../support/email-harness';

/** The store fails the first write after the SMTP server said 250, as when FerretDB is killed at that moment. */
class OutboxWithOutage extends EmailOutbox {
  failures = 2;
  override async finishAttempt(...args: Parameters<EmailOutbox['finishAttempt']>): Promise<boolean> {
    if (this.failures-- > 0) throw new Error('connection 3 to 127.0.0.1:27017 closed');
    return super.finishAttempt(...args);
  }
}

describe('an e-mail accepted by SMTP while the store is briefly away', () => {
  const harness = new EmailHarness();
  beforeAll(() => harness.start({ worker: false }));
  afterAll(() => harness.stop());

  it('is recorded as sent once the store answers, and is not sent again', async () => {
    const { outboxId } = await createEnqueueEmail({ outbox: harness.outbox, emailQueue: harness.queue })({
      key: 'signup-outage-1:registration-confirmed',
      template: 'registration-confirmed',
      to: 'anna.verdi@example.it',
      locale: 'it',
      data: { displayName: 'Anna Verdi', username: '2345678@aruba.it' },
    });
    const outbox = new OutboxWithOutage(outboxEmailModel(harness.mongo), new SealedData(createEncryptionCodec(harness.config.PAYLOAD_ENCRYPTION_KEY)));
    const transport = createMailTransport({ smtpUrl: harness.sink.url, maxConnections: 1, jobLockMs: 2000 });
    const deliver = createEmailDelivery({
      outbox,
      lease: new SendLease(harness.redis, `${harness.prefix}:email-lease`),
      renderer: new EmailRenderer(emailTemplatesDir),
      transport,
      from: harness.config.MAIL_FROM,
      leaseMs: 2000,
      logger: createLogger('silent', 'test'),
    });
    const job = { data: { outboxId }, attemptsMade: 0, opts: { attempts: 5 } } as unknown as Job<EmailJobData>;

    await expect(deliver(job)).resolves.toBe('sent');
    transport.close();
    expect(harness.sink.messages).toHaveLength(1);
    const row = await harness.outbox.find(outboxId);
    expect(row!.status).toBe('sent');
    expect(row!.attempts.map((a) => a.outcome)).toEqual(['sent']);
  });
});
