import { UnrecoverableError, type Job } from 'bullmq';
import type { Transporter } from 'nodemailer';
import type { EmailJobData } from '../contracts';
import type { Logger } from '../logging/logger';
import type { EmailOutbox } from './outbox';
import type { EmailRenderer } from './renderer';
import { messageIdFor } from './transport';

export interface EmailDeliveryDeps {
  outbox: EmailOutbox;
  renderer: EmailRenderer;
  transport: Transporter;
  from: string;
  /** How long a claim lasts: the job lock, so a stalled job and an expired claim come back together. */
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
  const { outbox, renderer, transport, from, leaseMs, logger } = deps;

  return async function deliverEmail(job: Job<EmailJobData>): Promise<DeliveryResult> {
    const { outboxId } = job.data;
    const claimed = await outbox.claim(outboxId, leaseMs);
    if (!claimed) {
      const row = await outbox.find(outboxId);
      if (!row) {
        logger.error({ outboxId }, 'e-mail job for an unknown outbox row');
        return 'missing';
      }
      if (row.status === 'sent' || row.status === 'failed' || row.status === 'abandoned') return 'already-final';
      // Another worker holds a live claim: try again later rather than send twice.
      throw new Error(`outbox ${outboxId} is being sent by another worker`);
    }

    const messageId = messageIdFor(outboxId, from);
    let rendered;
    try {
      rendered = renderer.render(claimed.template, claimed.locale, claimed.data);
    } catch (error) {
      await outbox.finishAttempt(claimed, { outcome: 'failed', error: `render: ${(error as Error).message}` });
      throw new UnrecoverableError(`outbox ${outboxId}: template cannot be rendered`);
    }

    try {
      const info = await transport.sendMail({ from, to: claimed.to, messageId, ...rendered });
      await outbox.finishAttempt(claimed, { outcome: 'sent' }, { messageId, providerResponse: String(info.response ?? '') });
      logger.info({ outboxId, template: claimed.template, attempt: claimed.attemptCount }, 'e-mail sent');
      return 'sent';
    } catch (error) {
      const responseCode = (error as { responseCode?: number }).responseCode;
      const message = (error as Error).message;
      if (isPermanentSmtpError(error)) {
        await outbox.finishAttempt(claimed, { outcome: 'failed', error: message, responseCode });
        logger.warn({ outboxId, responseCode }, 'e-mail refused permanently');
        throw new UnrecoverableError(`outbox ${outboxId}: ${message}`);
      }
      const lastAttempt = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
      await outbox.finishAttempt(claimed, { outcome: lastAttempt ? 'abandoned' : 'retry', error: message, responseCode });
      logger.warn({ outboxId, responseCode, attempt: claimed.attemptCount, lastAttempt }, 'e-mail attempt failed');
      throw lastAttempt ? new UnrecoverableError(`outbox ${outboxId}: retries exhausted: ${message}`) : error;
    }
  };
}
