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
  /** The recipient, until the e-mail is final (sent, failed, abandoned); then cleared. */
  to?: string | null;
  locale: Locale;
  /** The template's data sealed with the payload key (`sealed-data.ts`): reset links are never in clear; cleared once final. */
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
  },
  { collection: 'email_outbox', timestamps: true, minimize: false },
);
outboxSchema.index({ key: 1 }, { unique: true });
outboxSchema.index({ status: 1, updatedAt: 1 });

export type OutboxEmailModel = Model<OutboxEmail>;

export function outboxEmailModel(connection: Connection): OutboxEmailModel {
  return (connection.models.OutboxEmail as OutboxEmailModel | undefined) ?? connection.model<OutboxEmail>('OutboxEmail', outboxSchema);
}
