import { DelayedError, UnrecoverableError, type Job } from 'bullmq';
import type { Transporter } from 'nodemailer';
import type { EmailJobData } from '../contracts';
import type { Logger } from '../logging/logger';
import type { EmailOutbox } from './outbox';
import type { EmailRenderer } from './renderer';
import type { SendLease } from './send-lease';
import { messageIdFor, providerMessageIdFrom } from './transport';

export interface EmailDeliveryDeps {
  outbox: EmailOutbox;
  lease: SendLease;
  renderer: EmailRenderer;
  transport: Transporter;
  from: string;
  /** How long a send lease lasts: the job lock, so a stalled job and an expired lease come back together. */
  leaseMs: number;
  logger: Logger;
}

export type DeliveryResult = 'sent' | 'already-final' | 'missing';

/** SMTP 5xx is the server's final word; 4xx and network trouble may pass. */
export function isPermanentSmtpError(error: unknown): boolean {
  const code = (error as { responseCode?: unknown }).responseCode;
  return typeof code === 'number' && code >= 500 && code < 600;
}

/**
 * Sends one outbox e-mail: claim the row, render, send, record. A job delivered twice finds the
 * row final (or owned) and sends nothing. Retries are BullMQ's; this decides only which errors
 * deserve one.
 */
export function createEmailDelivery(deps: EmailDeliveryDeps) {
  const { lease, leaseMs, logger } = deps;

  return async function deliverEmail(job: Job<EmailJobData>, token?: string): Promise<DeliveryResult> {
    const { outboxId } = job.data;
    const leaseToken = await lease.acquire(outboxId, leaseMs);
    if (!leaseToken) {
      // Another worker is sending it (or died doing so): look again once its lease can have run out,
      // without spending one of the job's attempts.
      await job.moveToDelayed(Date.now() + leaseMs, token);
      throw new DelayedError();
    }
    try {
      return await sendUnderLease(job, deps);
    } finally {
      await lease.release(outboxId, leaseToken).catch((error: Error) => logger.warn({ outboxId, err: error.message }, 'lease release failed'));
    }
  };
}

async function sendUnderLease(job: Job<EmailJobData>, deps: EmailDeliveryDeps): Promise<DeliveryResult> {
  const { outbox, renderer, transport, from, leaseMs, logger } = deps;
  const { outboxId } = job.data;
  const claimed = await outbox.claim(outboxId, leaseMs);
  if (!claimed) {
    const row = await outbox.find(outboxId);
    if (!row) {
      logger.error({ outboxId }, 'e-mail job for an unknown outbox row');
      return 'missing';
    }
    if (row.status === 'sent' || row.status === 'failed' || row.status === 'abandoned') return 'already-final';
    // `sending` under a row lease that has not run out yet: the previous holder died moments ago.
    throw new Error(`outbox ${outboxId} is still marked as being sent; retrying later`);
  }

  const record = async (...args: Parameters<EmailOutbox['finishAttempt']>) => {
    if (!(await outbox.finishAttempt(...args))) logger.error({ outboxId, attempt: claimed.attemptCount }, 'outbox row changed under the lease holder');
  };
  const messageId = messageIdFor(outboxId, from);
  let rendered;
  try {
    rendered = renderer.render(claimed.template, claimed.locale, claimed.data);
  } catch (error) {
    await record(claimed, { outcome: 'failed', error: `render: ${(error as Error).message}` });
    throw new UnrecoverableError(`outbox ${outboxId}: template cannot be rendered`);
  }

  let info;
  try {
    info = await transport.sendMail({ from, to: claimed.to, messageId, ...rendered });
  } catch (error) {
    const responseCode = (error as { responseCode?: number }).responseCode;
    const message = (error as Error).message;
    if (isPermanentSmtpError(error)) {
      await record(claimed, { outcome: 'failed', error: message, responseCode });
      logger.warn({ outboxId, responseCode }, 'e-mail refused permanently');
      throw new UnrecoverableError(`outbox ${outboxId}: ${message}`);
    }
    const lastAttempt = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
    await record(claimed, { outcome: lastAttempt ? 'abandoned' : 'retry', error: message, responseCode });
    logger.warn({ outboxId, responseCode, attempt: claimed.attemptCount, lastAttempt }, 'e-mail attempt failed');
    throw lastAttempt ? new UnrecoverableError(`outbox ${outboxId}: retries exhausted: ${message}`) : error;
  }
  // Accepted: a store error from here on is not the SMTP server's, and must not queue a resend.
  const providerResponse = String(info.response ?? '');
  await recordSent(() => record(claimed, { outcome: 'sent' }, { messageId, providerResponse, providerMessageId: providerMessageIdFrom(providerResponse) }), leaseMs);
  logger.info({ outboxId, template: claimed.template, attempt: claimed.attemptCount }, 'e-mail sent');
  return 'sent';
}

/**
 * Records an accepted e-mail, trying again while the store is away, for as long as the lease
 * lasts. Only if the store stays away longer does the job fail with the row still `sending`. The
 * next attempt then finds it `interrupted` and sends again: the documented SMTP window
 * (docs/email.md), now as long as the store's outage.
 */
async function recordSent(write: () => Promise<void>, leaseMs: number): Promise<void> {
  const deadline = Date.now() + leaseMs * 0.8;
  for (let delay = 100; ; delay = Math.min(delay * 2, 1000)) {
    try {
      return await write();
    } catch (error) {
      if (Date.now() + delay > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }
}
