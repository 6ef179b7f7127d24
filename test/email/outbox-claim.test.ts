import type { EmailRequest } from '../../contracts';
import mongoose from 'mongoose';
import { emailOutbox, EmailOutbox } from '../../email/outbox';
import { outboxEmailModel } from '../../email/outbox-model';
import { SealedData } from '../../email/sealed-data';
import { createEncryptionCodec } from '../../temporal/data-converter';
import { EmailHarness } from '../support/email-harness';

const LEASE_MS = 30_000;

const confirmation = (key: string): EmailRequest => ({
  key,
  template: 'registration-confirmed',
  to: 'mario.rossi@example.it',
  locale: 'it',
  data: { displayName: 'Mario Rossi', username: '1234567@aruba.it' },
});

/** `claim` takes a row in one round trip; these are the rows it may and may not take, on real FerretDB. */
describe('claiming an outbox row for one attempt', () => {
  const harness = new EmailHarness();
  beforeAll(() => harness.start({ worker: false }));
  afterAll(() => harness.stop());

  const rawRow = (outboxId: string) => harness.mongo.db!.collection('email_outbox').findOne({ _id: outboxId as never });

  it('takes a queued row: sending, one more attempt, the data opened, the row lease set', async () => {
    const row = await harness.outbox.record(confirmation('claim-1:registration-confirmed'));
    // Written through the driver, the row still carries the schema's timestamps (the reconciler reads `updatedAt`).
    expect(await rawRow(row._id)).toMatchObject({ status: 'queued', attemptCount: 0, createdAt: expect.any(Date), updatedAt: expect.any(Date) });
    const now = new Date(Date.now() + 1000);
    const claimed = await harness.outbox.claim(row._id, LEASE_MS, now);

    expect(claimed).toMatchObject({ status: 'sending', attemptCount: 1, to: 'mario.rossi@example.it', data: { displayName: 'Mario Rossi', username: '1234567@aruba.it' } });
    expect(claimed!.attempts).toEqual([]);
    const stored = await rawRow(row._id);
    expect(stored).toMatchObject({ status: 'sending', attemptCount: 1, attemptStartedAt: now, leaseUntil: new Date(now.getTime() + LEASE_MS) });
    expect(stored!.updatedAt).toEqual(now);
  });

  it('takes a queued row in one round trip to the store', async () => {
    const row = await harness.outbox.record(confirmation('claim-7:registration-confirmed'));
    const watched = await mongoose.createConnection(harness.config.MONGODB_URI, { monitorCommands: true, autoIndex: false, autoCreate: false }).asPromise();
    try {
      const commands: string[] = [];
      watched.getClient().on('commandStarted', (event) => commands.push(event.commandName));
      expect(await emailOutbox(watched, harness.config.PAYLOAD_ENCRYPTION_KEY).claim(row._id, LEASE_MS)).toMatchObject({ status: 'sending' });
      expect(commands).toEqual(['findAndModify']);
    } finally {
      await watched.close();
    }
  });

  it('does not take a sending row whose row lease is still running, and leaves it as it was', async () => {
    const row = await harness.outbox.record(confirmation('claim-2:registration-confirmed'));
    const first = await harness.outbox.claim(row._id, LEASE_MS);
    const before = await rawRow(row._id);

    expect(await harness.outbox.claim(row._id, LEASE_MS, new Date(first!.leaseUntil!.getTime() - 1))).toBeNull();
    expect(await rawRow(row._id)).toEqual(before);
  });

  it('takes a sending row whose row lease ran out, recording the interrupted attempt, then the new one', async () => {
    const row = await harness.outbox.record(confirmation('claim-3:registration-confirmed'));
    const first = await harness.outbox.claim(row._id, LEASE_MS);
    const later = new Date(first!.leaseUntil!.getTime() + 1);
    const second = await harness.outbox.claim(row._id, LEASE_MS, later);

    expect(second).toMatchObject({ status: 'sending', attemptCount: 2 });
    const interrupted = { number: 1, startedAt: first!.attemptStartedAt, finishedAt: later, outcome: 'interrupted', error: expect.any(String) };
    expect(second!.attempts).toEqual([interrupted]);
    expect((await rawRow(row._id))!.attempts).toEqual([interrupted]);

    expect(await harness.outbox.finishAttempt(second!, { outcome: 'sent' })).toBe(true);
    const sent = await harness.outbox.find(row._id);
    expect(sent).toMatchObject({ status: 'sent', attemptCount: 2 });
    expect(sent!.attempts.map((a) => [a.number, a.outcome])).toEqual([
      [1, 'interrupted'],
      [2, 'sent'],
    ]);
  });

  it('takes a sending row that has no row lease at all (as a worker that died between writes leaves it)', async () => {
    const row = await harness.outbox.record(confirmation('claim-4:registration-confirmed'));
    await harness.mongo.db!.collection('email_outbox').updateOne({ _id: row._id as never }, { $set: { status: 'sending', attemptCount: 1, leaseUntil: null } });
    const claimed = await harness.outbox.claim(row._id, LEASE_MS);
    expect(claimed).toMatchObject({ attemptCount: 2, attempts: [expect.objectContaining({ number: 1, outcome: 'interrupted' })] });
  });

  it('never takes a final row, nor an unknown one', async () => {
    const row = await harness.outbox.record(confirmation('claim-5:registration-confirmed'));
    const claimed = await harness.outbox.claim(row._id, LEASE_MS);
    await harness.outbox.finishAttempt(claimed!, { outcome: 'failed', error: '550 mailbox unavailable', responseCode: 550 });
    const failed = await rawRow(row._id);

    expect(await harness.outbox.claim(row._id, LEASE_MS)).toBeNull();
    expect(await rawRow(row._id)).toEqual(failed);
    expect(await harness.outbox.claim('0123456789abcdef01234567', LEASE_MS)).toBeNull();
  });

  it('gives back, as it was, a row whose data the key cannot open', async () => {
    const row = await harness.outbox.record(confirmation('claim-6:registration-confirmed'));
    const before = await rawRow(row._id);
    const otherKey = new EmailOutbox(outboxEmailModel(harness.mongo), new SealedData(createEncryptionCodec(Buffer.alloc(32, 7).toString('base64'))));

    await expect(otherKey.claim(row._id, LEASE_MS)).rejects.toThrow();
    expect(await rawRow(row._id)).toEqual(before);
    // The right key still sends it.
    expect(await harness.outbox.claim(row._id, LEASE_MS)).toMatchObject({ status: 'sending', attemptCount: 1 });
  });
});
