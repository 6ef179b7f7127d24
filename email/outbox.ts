import { Types } from 'mongoose';
import type { EmailRequest, EmailStatus } from '../contracts';
import { isDuplicateKeyError } from '../db/mongo';
import type { EmailAttempt, OutboxEmail, OutboxEmailModel } from './outbox-model';

export type AttemptOutcome = Omit<EmailAttempt, 'number' | 'startedAt' | 'finishedAt'>;

const STATUS_AFTER: Record<EmailAttempt['outcome'], EmailStatus> = {
  sent: 'sent',
  retry: 'queued',
  failed: 'failed',
  abandoned: 'abandoned',
  interrupted: 'queued',
};

/**
 * The e-mail outbox in MongoDB. Every state change is one conditional single-document update,
 * so two workers (or a job delivered twice) can never both own, or both complete, one e-mail.
 */
export class EmailOutbox {
  constructor(private readonly model: OutboxEmailModel) {}

  /** Stores the e-mail once per key; later calls with the same key return the first row unchanged. */
  async record(request: EmailRequest): Promise<OutboxEmail> {
    const _id = new Types.ObjectId();
    try {
      const row = await this.model
        .findOneAndUpdate(
          { key: request.key },
          {
            $setOnInsert: {
              _id,
              key: request.key,
              template: request.template,
              to: request.to,
              locale: request.locale,
              data: request.data,
              status: 'queued',
              attemptCount: 0,
              attempts: [],
              messageId: undefined,
            },
          },
          { upsert: true, returnDocument: 'after', lean: true },
        )
        .exec();
      if (row) return row;
    } catch (error) {
      // Two concurrent first calls: the unique index let one insert win; read the winner.
      if (!isDuplicateKeyError(error)) throw error;
    }
    const existing = await this.model.findOne({ key: request.key }).lean().exec();
    if (!existing) throw new Error(`outbox row for key ${request.key} vanished`);
    return existing;
  }

  async find(outboxId: string): Promise<OutboxEmail | null> {
    if (!Types.ObjectId.isValid(outboxId)) return null;
    return this.model.findById(outboxId).lean().exec();
  }

  async findByKey(key: string): Promise<OutboxEmail | null> {
    return this.model.findOne({ key }).lean().exec();
  }

  /**
   * Takes the row for one attempt: only a `queued` row, or a `sending` one whose owner's lease ran
   * out (that worker died mid-attempt). Returns null when someone else owns it or it is final.
   */
  async claim(outboxId: string, leaseMs: number, now = new Date()): Promise<OutboxEmail | null> {
    if (!Types.ObjectId.isValid(outboxId)) return null;
    const previous = await this.model
      .findOneAndUpdate(
        {
          _id: outboxId,
          $or: [{ status: 'queued' }, { status: 'sending', leaseUntil: { $lt: now } }],
        },
        {
          $set: { status: 'sending', leaseUntil: new Date(now.getTime() + leaseMs), attemptStartedAt: now },
          $inc: { attemptCount: 1 },
        },
        { returnDocument: 'before', lean: true },
      )
      .exec();
    if (!previous) return null;
    if (previous.status === 'sending') {
      // The previous owner never reported back: keep that attempt in the record.
      await this.model
        .updateOne(
          { _id: outboxId },
          {
            $push: {
              attempts: {
                number: previous.attemptCount,
                startedAt: previous.attemptStartedAt ?? now,
                finishedAt: now,
                outcome: 'interrupted',
                error: 'the worker stopped before recording an outcome',
              },
            },
          },
        )
        .exec();
    }
    return { ...previous, status: 'sending', attemptCount: previous.attemptCount + 1, attemptStartedAt: now };
  }

  /** Records how the current attempt ended and moves the row on; only the lease holder's attempt counts. */
  async finishAttempt(claimed: OutboxEmail, outcome: AttemptOutcome, extra: Partial<Pick<OutboxEmail, 'messageId' | 'providerResponse'>> = {}): Promise<boolean> {
    const now = new Date();
    const status = STATUS_AFTER[outcome.outcome];
    const attempt: EmailAttempt = {
      number: claimed.attemptCount,
      startedAt: claimed.attemptStartedAt ?? now,
      finishedAt: now,
      ...outcome,
    };
    const result = await this.model
      .updateOne(
        { _id: claimed._id, status: 'sending', attemptCount: claimed.attemptCount },
        {
          $set: { status, leaseUntil: null, attemptStartedAt: null, ...extra, ...(status === 'sent' ? { sentAt: now } : {}) },
          $push: { attempts: attempt },
        },
      )
      .exec();
    return result.modifiedCount === 1;
  }
}
