import { WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import { deliverEmailWorkflowId, type EmailRequest } from '../contracts';
import { flowStartOptions } from '../contracts/search-attributes';
import { deliverEmail } from '../workflows/email/deliver-email';
import type { RecoveryDeps } from './recovery-deps';

/**
 * Starts the durable `deliverEmail` run of one e-mail and returns without waiting for delivery.
 * A run already under the same key is that same e-mail, so a repeat sends nothing more.
 */
export async function startAccountEmail({ temporal, taskQueue }: Pick<RecoveryDeps, 'temporal' | 'taskQueue'>, request: EmailRequest): Promise<void> {
  try {
    await temporal.workflow.start(deliverEmail, { workflowId: deliverEmailWorkflowId(request.key), taskQueue, args: [request], ...flowStartOptions('email', 'enqueueing') });
  } catch (error) {
    if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
  }
}
