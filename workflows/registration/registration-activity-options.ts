import type { ActivityOptions, LocalActivityOptions } from '@temporalio/workflow';
import { NON_RETRYABLE_ERROR_TYPES } from '../../domain/errors';

/** Failures that retrying cannot mend: bad input, a conflict, something gone, a refused e-mail. */
const permanent = [...NON_RETRYABLE_ERROR_TYPES, 'NotFoundError'];

/**
 * Store writes of a registration as local activities: run by the worker inside the workflow task,
 * so a step costs no round trip through the Temporal server. Bounded: about two minutes of retries,
 * then the step fails visibly instead of retrying for ever.
 */
export const registrationLocalActivityOptions: LocalActivityOptions = {
  startToCloseTimeout: '10 seconds',
  scheduleToCloseTimeout: '2 minutes',
  retry: { initialInterval: '200 milliseconds', backoffCoefficient: 2, maximumInterval: '10 seconds', nonRetryableErrorTypes: permanent },
};

/** The same writes as regular activities, as runs recorded before local ones replay them; bounded too. */
export const registrationActivityOptions: ActivityOptions = {
  startToCloseTimeout: '30 seconds',
  scheduleToCloseTimeout: '10 minutes',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute', nonRetryableErrorTypes: permanent },
};
