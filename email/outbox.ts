import { createHash } from 'node:crypto';
import type { EmailRequest, EmailStatus } from '../contracts';
import { isDuplicateKeyError } from '../db/mongo';
import type { Connection, mongo } from 'mongoose';
import { createEncryptionCodec } from '../temporal/data-converter';
import { outboxEmailModel, type EmailAttempt, type OutboxEmail, type OutboxEmailModel } from './outbox-model';
import { SealedData } from './sealed-data';

type OutboxRows = mongo.Collection<OutboxEmail>;

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

/** Writes leave out undefined fields (an attempt without an SMTP code), as mongoose's casting did. */
const WRITE = { ignoreUndefined: true } as const;

const INTERRUPTED = 'the worker stopped before recording an outcome';

/**
 * The e-mail outbox in MongoDB. A row is created once (its `_id` derives from the key, so the
 * store settles concurrent first calls), and changed afterwards only by the holder of the e-mail's
 * send lease (`send-lease.ts`): two workers, or a job delivered twice, never both own one e-mail.
 * Every read and write is by `_id`. The template's data is sealed at rest (it may hold a reset
 * link), and the recipient and data are cleared once the e-mail is sent: what stays is what
 * operators need (template, status, attempts, provider ids, times).
 *
 * Rows are read and written through the driver's collection (mongoose's, which keeps its buffering
 * while the store is away), not as mongoose documents: on the send path that casting cost more CPU
 * than the writes themselves (docs/decisions.md). So each write sets `updatedAt` (and an insert
 * `createdAt`) itself, as the schema's timestamps would.
 */
export class EmailOutbox {
  private readonly rows: OutboxRows;

  constructor(
    model: OutboxEmailModel,
    private readonly sealer: SealedData,
  ) {
    this.rows = model.collection as unknown as OutboxRows;
  }

  /**
   * Stores the e-mail once per key; later calls return the first row unchanged. The insert comes
   * first (one round trip on the common path); a repeat's insert is refused by the `_id` and writes
   * nothing (a write would race with the worker's updates), and then the first row is read.
   */
  async record(request: EmailRequest): Promise<OutboxEmail> {
    const now = new Date();
    const row: OutboxEmail = {
      _id: outboxIdFor(request.key),
      key: request.key,
      template: request.template,
      to: request.to,
      locale: request.locale,
      sealedData: await this.sealer.seal(request.data),
      status: 'queued',
      attemptCount: 0,
      attempts: [],
      createdAt: now,
      updatedAt: now,
    };
    try {
      await this.rows.insertOne(row, WRITE);
      return row;
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
    }
    const winner = await this.find(row._id);
    if (!winner) throw new Error(`outbox row for key ${request.key} vanished`);
    return winner;
  }

  async find(outboxId: string): Promise<OutboxEmail | null> {
    return this.rows.findOne({ _id: outboxId });
  }

  async findByKey(key: string): Promise<OutboxEmail | null> {
    return this.find(outboxIdFor(key));
  }

  /**
   * Takes the row for one attempt, under the send lease, in one round trip: a `queued` row, or a
   * `sending` one whose row lease ran out (that worker died mid-attempt; the attempt is then
   * recorded as `interrupted`, with one more write, on that rare path only). Returns null when the
   * row is final, still owned, or unknown. The filter is atomic on MongoDB; on FerretDB 1.x it is
   * not, which is why the send lease is what excludes a second sender.
   */
  async claim(outboxId: string, leaseMs: number, now = new Date()): Promise<ClaimedEmail | null> {
    const leaseUntil = new Date(now.getTime() + leaseMs);
    const before = await this.rows.findOneAndUpdate(
      claimableFilter(outboxId, now),
      { $set: { status: 'sending', leaseUntil, attemptStartedAt: now, updatedAt: now }, $inc: { attemptCount: 1 } },
      { ...WRITE, returnDocument: 'before' },
    );
    if (!before) return null;
    let data: Record<string, unknown>;
    try {
      // Rows stored before sealing carry `data` in clear: still sent, and cleared like the others once final.
      if (!before.to || (!before.sealedData && !before.data)) throw new Error(`outbox ${outboxId} has no recipient or data to send`);
      data = before.sealedData ? await this.sealer.open(before.sealedData) : before.data!;
    } catch (error) {
      // A row that cannot be sent (no data, or a key that cannot open it) goes back as it was.
      await this.restore(before, now);
      throw error;
    }
    const interrupted: EmailAttempt[] =
      before.status === 'sending'
        ? [{ number: before.attemptCount, startedAt: before.attemptStartedAt ?? now, finishedAt: now, outcome: 'interrupted', error: INTERRUPTED }]
        : [];
    if (interrupted.length) await this.rows.updateOne({ _id: outboxId }, { $push: { attempts: { $each: interrupted } } }, WRITE);
    return {
      ...before,
      to: before.to,
      data,
      status: 'sending',
      attemptCount: before.attemptCount + 1,
      attemptStartedAt: now,
      leaseUntil,
      updatedAt: now,
      attempts: [...before.attempts, ...interrupted],
    };
  }

  /** Undoes a claim (under the send lease): the row exactly as it was before it. */
  private async restore(before: OutboxEmail, claimedAt: Date): Promise<void> {
    const set: Partial<OutboxEmail> = { status: before.status, updatedAt: before.updatedAt };
    const unset: Record<string, 1> = {};
    for (const field of ['leaseUntil', 'attemptStartedAt'] as const) {
      if (before[field] === undefined) unset[field] = 1;
      else set[field] = before[field];
    }
    await this.rows.updateOne({ _id: before._id, attemptStartedAt: claimedAt }, { $set: set, $unset: unset, $inc: { attemptCount: -1 } }, WRITE);
  }

  /** Records how the current attempt ended and moves the row on (under the send lease). */
  async finishAttempt(claimed: OutboxEmail, outcome: AttemptOutcome, extra: Partial<Pick<OutboxEmail, 'messageId' | 'providerResponse' | 'providerMessageId'>> = {}): Promise<boolean> {
    const now = new Date();
    const status = STATUS_AFTER[outcome.outcome];
    // Only a sent e-mail is done for good: a failed or abandoned one keeps its recipient and sealed
    // data, so an operator can retry it from the queue dashboard (`reopen`), until it is sent.
    const final = status === 'sent';
    const attempt: EmailAttempt = {
      number: claimed.attemptCount,
      startedAt: claimed.attemptStartedAt ?? now,
      finishedAt: now,
      ...outcome,
    };
    const result = await this.rows.updateOne(
      { _id: claimed._id },
      {
        $set: { status, leaseUntil: null, attemptStartedAt: null, updatedAt: now, ...extra, ...(final ? { sentAt: now, redactedAt: now } : {}) },
        $push: { attempts: attempt },
        // Sent: nothing will be sent again, so the personal data goes (the key stays, so a repeat is still the same e-mail).
        ...(final ? { $unset: { to: 1, sealedData: 1, data: 1 } } : {}),
      },
      WRITE,
    );
    return result.modifiedCount === 1;
  }

  /**
   * An operator's retry of a failed or abandoned e-mail (the queue dashboard): the row goes back to
   * `queued`, recording who and when, so the next delivery claims it as any other. Answers false
   * when the row is not failed/abandoned or no longer holds what sending needs.
   */
  async reopen(outboxId: string, operatorId: string, now = new Date()): Promise<boolean> {
    const result = await this.rows.updateOne(
      { _id: outboxId, status: { $in: ['failed', 'abandoned'] }, to: { $type: 'string' } },
      { $set: { status: 'queued', redactedAt: null, updatedAt: now }, $push: { reopenings: { by: operatorId, at: now } } },
      WRITE,
    );
    return result.modifiedCount === 1;
  }
}

/**
 * The rows `claim` may take: by `_id` (so FerretDB reads it through the `_id` index:
 * test/db/ferretdb-indexes.test.ts), `queued`, or `sending` with its row lease run out (or none).
 */
export function claimableFilter(outboxId: string, now: Date): mongo.Filter<OutboxEmail> {
  return { _id: outboxId, $or: [{ status: 'queued' }, { status: 'sending', leaseUntil: { $lte: now } }, { status: 'sending', leaseUntil: null }] };
}

/** The outbox of a connection, sealing with the payload key (`PAYLOAD_ENCRYPTION_KEY`): how every process builds it. */
export function emailOutbox(connection: Connection, payloadEncryptionKey: string): EmailOutbox {
  return new EmailOutbox(outboxEmailModel(connection), new SealedData(createEncryptionCodec(payloadEncryptionKey)));
}
