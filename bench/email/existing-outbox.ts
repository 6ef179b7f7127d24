import { outboxIdFor } from '../../email/outbox';
import type { OutboxEmail, OutboxEmailModel } from '../../email/outbox-model';
import { messageIdFor, providerMessageIdFrom } from '../../email/transport';

const BATCH = 1000;
const SMTP_ANSWER = '250 OK: message queued';

/** A sent "Conferma iscrizione" as the worker leaves it: one attempt, recipient and data redacted. */
function sentRow(key: string, mailFrom: string, at: Date): OutboxEmail {
  const _id = outboxIdFor(key);
  return {
    _id,
    key,
    template: 'registration-confirmed',
    locale: 'it',
    redactedAt: at,
    status: 'sent',
    attemptCount: 1,
    attempts: [{ number: 1, startedAt: at, finishedAt: at, outcome: 'sent' }],
    leaseUntil: null,
    attemptStartedAt: null,
    messageId: messageIdFor(_id, mailFrom),
    providerResponse: SMTP_ANSWER,
    providerMessageId: providerMessageIdFrom(SMTP_ANSWER),
    sentAt: at,
    createdAt: at,
    updatedAt: at,
  };
}

/**
 * Fills the outbox with `count` sent rows, as a live system's, in batches through the app's
 * model (indexes in place first), keys `existing-<runId>-<i>`. Returns how long it took, in ms.
 */
export async function prefillOutbox(model: OutboxEmailModel, count: number, options: { runId: string; mailFrom: string }): Promise<number> {
  const started = Date.now();
  await model.init();
  const at = new Date();
  for (let first = 0; first < count; first += BATCH) {
    const batch = Array.from({ length: Math.min(BATCH, count - first) }, (_, j) => sentRow(`existing-${options.runId}-${first + j}`, options.mailFrom, at));
    await model.insertMany(batch);
  }
  return Date.now() - started;
}
