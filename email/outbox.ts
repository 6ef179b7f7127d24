import { createHash } from 'node:crypto';
import { FINAL_EMAIL_STATUSES, type EmailRequest, type EmailStatus } from '../contracts';
import { isDuplicateKeyError } from '../db/mongo';
import type { Connection } from 'mongoose';
import { createEncryptionCodec } from '../temporal/data-converter';
import { outboxEmailModel, type EmailAttempt, type OutboxEmail, type OutboxEmailModel } from './outbox-model';
import { SealedData } from './sealed-data';

export type AttemptOutcome = Omit<EmailAttempt, 'number' | 'startedAt' | 'finishedAt'>;

/** A row taken for one attempt, with what sending needs opened: the recipient and the template's data. */
export type ClaimedEmail = OutboxEmail & { to: string; data: Record<string, unknown> };

/** The outbox id of a key: 24 hex digits of its SHA-256, usable in job ids and Message-IDs. */
export function outboxIdFor(key: string): string {
  return createHash('sha256').update(key).digest('hex').slice(0, 24);
}

const STATUS_AFTER: Record<EmailAttempt['outcome'], EmailStatus> = {
  sent: 'sent',
  retry: 'queued',
  failed: 'failed',
  abandoned: 'abandoned',
  interrupted: 'queued',
};

/**
 * The e-mail outbox in MongoDB. A row is created once (its `_id` derives from the key, so the
 * store settles concurrent first calls), and changed afterwards only by the holder of the e-mail's
 * send lease (`send-lease.ts`): two workers, or a job delivered twice, never both own one e-mail.
 * Every read and write is by `_id`. The template's data is sealed at rest (it may hold a reset
 * link), and the recipient and data are cleared once the e-mail is final: what stays is what
 * operators need (template, status, attempts, provider ids, times).
 */
export class EmailOutbox {
  constructor(
    private readonly model: OutboxEmailModel,
    private readonly sealer: SealedData,
  ) {}

  /**
   * Stores the e-mail once per key; later calls return the first row unchanged. The insert comes
   * first (one round trip on the common path); a repeat's insert is refused by the `_id` and writes
   * nothing (a write would race with the worker's updates), and then the first row is read.
   */
  async record(request: EmailRequest): Promise<OutboxEmail> {
    const _id = outboxIdFor(request.key);
    try {
      const created = await this.model.create({
        _id,
        key: request.key,
        template: request.template,
        to: request.to,
        locale: request.locale,
        sealedData: await this.sealer.seal(request.data),
        status: 'queued',
        attemptCount: 0,
        attempts: [],
      });
      return created.toObject();
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
    }
    const winner = await this.find(_id);
    if (!winner) throw new Error(`outbox row for key ${request.key} vanished`);
    return winner;
  }

  async find(outboxId: string): Promise<OutboxEmail | null> {
    return this.model.findById(outboxId).lean().exec();
  }

  async findByKey(key: string): Promise<OutboxEmail | null> {
    return this.find(outboxIdFor(key));
  }

  /**
   * Takes the row for one attempt, under the send lease: a `queued` row, or a `sending` one whose
   * row lease ran out (that worker died mid-attempt; the attempt is kept as `interrupted`).
   * Returns null when the row is final, still owned, or unknown.
   */
  async claim(outboxId: string, leaseMs: number, now = new Date()): Promise<ClaimedEmail | null> {
    const row = await this.find(outboxId);
    if (!row) return null;
    const abandonedBySender = row.status === 'sending' && (row.leaseUntil ?? now) <= now;
    if (row.status !== 'queued' && !abandonedBySender) return null;
    // Rows stored before sealing carry `data` in clear: still sent, and cleared like the others once final.
    const legacyData = row.data;
    if (!row.to || (!row.sealedData && !legacyData)) throw new Error(`outbox ${outboxId} has no recipient or data to send`);
    // Opened before the row changes: a row the key cannot open stays as it was.
    const data = row.sealedData ? await this.sealer.open(row.sealedData) : legacyData!;
    const interrupted: EmailAttempt[] = abandonedBySender
      ? [{ number: row.attemptCount, startedAt: row.attemptStartedAt ?? now, finishedAt: now, outcome: 'interrupted', error: 'the worker stopped before recording an outcome' }]
      : [];
    const claimed: ClaimedEmail = {
      ...row,
      to: row.to,
      data,
      status: 'sending' as const,
      attemptCount: row.attemptCount + 1,
      attemptStartedAt: now,
      leaseUntil: new Date(now.getTime() + leaseMs),
      attempts: [...row.attempts, ...interrupted],
    };
    await this.model
      .updateOne(
        { _id: outboxId },
        {
          $set: { status: claimed.status, leaseUntil: claimed.leaseUntil, attemptStartedAt: now, attemptCount: claimed.attemptCount },
          ...(interrupted.length ? { $push: { attempts: { $each: interrupted } } } : {}),
        },
      )
      .exec();
    return claimed;
  }

  /** Records how the current attempt ended and moves the row on (under the send lease). */
  async finishAttempt(claimed: OutboxEmail, outcome: AttemptOutcome, extra: Partial<Pick<OutboxEmail, 'messageId' | 'providerResponse' | 'providerMessageId'>> = {}): Promise<boolean> {
    const now = new Date();
    const status = STATUS_AFTER[outcome.outcome];
    const final = FINAL_EMAIL_STATUSES.includes(status);
    const attempt: EmailAttempt = {
      number: claimed.attemptCount,
      startedAt: claimed.attemptStartedAt ?? now,
      finishedAt: now,
      ...outcome,
    };
    const result = await this.model
      .updateOne(
        { _id: claimed._id },
        {
          $set: { status, leaseUntil: null, attemptStartedAt: null, ...extra, ...(status === 'sent' ? { sentAt: now } : {}), ...(final ? { redactedAt: now } : {}) },
          $push: { attempts: attempt },
          // Final: nothing will be sent again, so the personal data goes (the key stays, so a repeat is still the same e-mail).
          ...(final ? { $unset: { to: 1, sealedData: 1, data: 1 } } : {}),
        },
      )
      .exec();
    return result.modifiedCount === 1;
  }
}

/** The outbox of a connection, sealing with the payload key (`PAYLOAD_ENCRYPTION_KEY`): how every process builds it. */
export function emailOutbox(connection: Connection, payloadEncryptionKey: string): EmailOutbox {
  return new EmailOutbox(outboxEmailModel(connection), new SealedData(createEncryptionCodec(payloadEncryptionKey)));
}
