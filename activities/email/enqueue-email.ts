import type { EmailReceipt } from '../../contracts';
import { emailJobId, FINAL_EMAIL_STATUSES } from '../../contracts';
import type { EmailOutbox } from '../../email/outbox';
import type { EmailQueue } from '../../email/queue';
import { parseEmailRequest } from '../../email/templates';

export interface EmailActivityDeps {
  outbox: EmailOutbox;
  emailQueue: EmailQueue;
}

/**
 * `enqueueEmail`: stores the e-mail in the outbox (once per key) and queues its delivery job.
 * Safe to retry at any point: the row is found again by key, and BullMQ ignores a job whose id
 * (derived from the row) it already holds. Bad template data fails without retry.
 */
export function createEnqueueEmail({ outbox, emailQueue }: EmailActivityDeps) {
  return async function enqueueEmail(input: unknown): Promise<EmailReceipt> {
    const request = parseEmailRequest(input);
    const row = await outbox.record(request);
    const outboxId = row._id;
    if (!FINAL_EMAIL_STATUSES.includes(row.status)) {
      await emailQueue.add('send', { outboxId }, { jobId: emailJobId(outboxId) });
    }
    return { outboxId, status: row.status };
  };
}

/** `getEmailStatus`: where an e-mail is, by its key. */
export function createGetEmailStatus({ outbox }: Pick<EmailActivityDeps, 'outbox'>) {
  return async function getEmailStatus(key: string): Promise<EmailReceipt | null> {
    const row = await outbox.findByKey(key);
    return row ? { outboxId: row._id, status: row.status } : null;
  };
}
