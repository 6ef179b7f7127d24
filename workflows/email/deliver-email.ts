import { proxyActivities, setHandler, sleep } from '@temporalio/workflow';
import type { Activities } from '../../activities';
import type { EmailReceipt, EmailRequest } from '../../contracts';
import { FINAL_EMAIL_STATUSES } from '../../contracts';
import { boundedActivityOptions } from '../activity-options';
import { StepAttribute } from '../step-attribute';
import { emailState } from './deliver-email-messages';

const { enqueueEmail, getEmailStatus } = proxyActivities<Activities>(boundedActivityOptions);

export interface DeliverEmailOptions {
  /** How long to follow the e-mail before reporting it still in flight. @defaultValue 1 day */
  followForMs?: number;
}

/**
 * `deliverEmail` (id `email-<key>`): one e-mail as an inspectable run. Queues it through the
 * outbox, then follows it until the worker reports a final status (sent, failed, abandoned),
 * checking less often as time passes. Other workflows enqueue directly when they need no outcome.
 */
export async function deliverEmail(request: EmailRequest, options: DeliverEmailOptions = {}): Promise<EmailReceipt> {
  let latest: EmailReceipt | undefined;
  const stepAttribute = new StepAttribute('enqueueing');
  setHandler(emailState, () => ({ step: latest?.status ?? 'enqueueing', template: request.template }));
  const receipt = await enqueueEmail(request);
  latest = receipt;
  stepAttribute.report(receipt.status);
  if (FINAL_EMAIL_STATUSES.includes(receipt.status)) return receipt;

  const followForMs = options.followForMs ?? 24 * 3600 * 1000;
  let waited = 0;
  let pause = 500;
  while (waited < followForMs) {
    await sleep(pause);
    waited += pause;
    pause = Math.min(pause * 2, 10 * 60 * 1000);
    latest = (await getEmailStatus(request.key)) ?? latest;
    stepAttribute.report(latest.status);
    if (FINAL_EMAIL_STATUSES.includes(latest.status)) return latest;
  }
  return latest;
}
