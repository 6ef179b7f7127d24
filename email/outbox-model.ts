import { Schema, type Connection, type Model } from 'mongoose';
import type { EmailStatus, EmailTemplate, Locale } from '../contracts';
import { EMAIL_STATUSES } from '../contracts';

/** One delivery attempt, as the worker saw it. */
export interface EmailAttempt {
  number: number;
  startedAt: Date;
  finishedAt: Date;
  /** `sent`, `retry` (transient error), `failed` (permanent), `abandoned` (last retry spent), `interrupted` (worker died). */
  outcome: 'sent' | 'retry' | 'failed' | 'abandoned' | 'interrupted';
  error?: string;
  responseCode?: number;
}

export interface OutboxEmail {
  /** Derived from `key` (`outboxIdFor`): every lookup is by `_id`, which needs no second index. */
  _id: string;
  /** Idempotency key: one document, so one e-mail, per key. */
  key: string;
  template: EmailTemplate;
  /** The recipient, until the e-mail is sent; then cleared (a failed or abandoned one keeps it for an operator's retry). */
  to?: string | null;
  locale: Locale;
  /** The template's data sealed with the payload key (`sealed-data.ts`): reset links are never in clear; cleared once sent. */
  sealedData?: Buffer | null;
  /** Legacy: rows stored before sealing held the template data in clear (cleared once final). */
  data?: Record<string, unknown>;
  /** When `to` and `sealedData` were cleared. */
  redactedAt?: Date | null;
  status: EmailStatus;
  /** Attempts started, including one in progress. */
  attemptCount: number;
  attempts: EmailAttempt[];
  /** While `sending`: until when the claiming worker owns the row. */
  leaseUntil?: Date | null;
  attemptStartedAt?: Date | null;
  /** Our Message-ID, derived from `_id`, so a resend is recognisable downstream. */
  messageId?: string;
  /** What the SMTP server answered on acceptance. */
  providerResponse?: string;
  /** The provider's id for the message (its queue id, from the 250 answer), when it gives one. */
  providerMessageId?: string;
  sentAt?: Date;
  /** Operators' retries from the queue dashboard: who sent a failed or abandoned e-mail back to `queued`, and when. */
  reopenings?: Array<{ by: string; at: Date }>;
  createdAt: Date;
  updatedAt: Date;
}

const attemptSchema = new Schema<EmailAttempt>(
  {
    number: { type: Number, required: true },
    startedAt: { type: Date, required: true },
    finishedAt: { type: Date, required: true },
    outcome: { type: String, required: true },
    error: String,
    responseCode: Number,
  },
  { _id: false },
);

const outboxSchema = new Schema<OutboxEmail>(
  {
    _id: { type: String, required: true },
    key: { type: String, required: true },
    template: { type: String, required: true },
    to: String,
    locale: { type: String, required: true },
    sealedData: Buffer,
    // Legacy: rows stored before sealing held the data in clear; kept in the schema so it can be $unset.
    data: Schema.Types.Mixed,
    redactedAt: Date,
    status: { type: String, enum: EMAIL_STATUSES, required: true },
    attemptCount: { type: Number, required: true, default: 0 },
    attempts: { type: [attemptSchema], default: [] },
    leaseUntil: Date,
    attemptStartedAt: Date,
    messageId: String,
    providerResponse: String,
    providerMessageId: String,
    sentAt: Date,
    reopenings: { type: [new Schema({ by: { type: String, required: true }, at: { type: Date, required: true } }, { _id: false })], default: undefined },
  },
  { collection: 'email_outbox', timestamps: true, minimize: false },
);
// No index on `key`: the `_id` derives from it, so the `_id` index already keeps one row per key.
outboxSchema.index({ status: 1, updatedAt: 1 });

/**
 * Indexes earlier versions created and nothing reads any more. `key_1` was unique on `key`; the
 * `_id` says the same, and every write paid for the second index (docs/decisions.md).
 */
const RETIRED_INDEXES = ['key_1'];

export type OutboxEmailModel = Model<OutboxEmail>;

export function outboxEmailModel(connection: Connection): OutboxEmailModel {
  return (connection.models.OutboxEmail as OutboxEmailModel | undefined) ?? connection.model<OutboxEmail>('OutboxEmail', outboxSchema);
}

/** Drops the retired indexes a store still carries (the e-mail worker does it at start); answers which it dropped. */
export async function dropRetiredOutboxIndexes(model: OutboxEmailModel): Promise<string[]> {
  const present = await model.collection.indexes().catch((error: { code?: number }) => {
    if (error.code === 26) return []; // NamespaceNotFound: no outbox yet, so nothing to drop
    throw error;
  });
  const retired = present.map((index) => index.name ?? '').filter((name) => RETIRED_INDEXES.includes(name));
  for (const name of retired) await model.collection.dropIndex(name);
  return retired;
}
