import type { ActivityOptions, LocalActivityOptions } from '@temporalio/workflow';
import { NON_RETRYABLE_ERROR_TYPES } from '../domain/errors';

/** Failures that retrying cannot mend: bad input, a conflict, something gone, a refused e-mail. */
const permanent = [...NON_RETRYABLE_ERROR_TYPES, 'NotFoundError'];

/**
 * Every workflow's activities retry within bounds and never retry what cannot mend: after that, the
 * step fails visibly instead of retrying for ever.
 *
 * Short store writes as local activities: run by the worker inside the workflow task, so a step
 * costs no round trip through the Temporal server. About two minutes of retries at most.
 */
export const localStoreWriteOptions: LocalActivityOptions = {
  startToCloseTimeout: '10 seconds',
  scheduleToCloseTimeout: '2 minutes',
  retry: { initialInterval: '200 milliseconds', backoffCoefficient: 2, maximumInterval: '10 seconds', nonRetryableErrorTypes: permanent },
};

/**
 * Regular activities: short store writes and reads, ten minutes of retries at most. An attempt
 * still running after 10 s is taken as lost (its worker died) and tried again: the server learns of
 * a dead worker only from this timeout, and every activity is safe to repeat.
 */
export const boundedActivityOptions: ActivityOptions = {
  startToCloseTimeout: '10 seconds',
  scheduleToCloseTimeout: '10 minutes',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute', nonRetryableErrorTypes: permanent },
};

/** The retention purge: one attempt may delete many rows, so it has longer to finish. */
export const purgeActivityOptions: ActivityOptions = {
  ...boundedActivityOptions,
  startToCloseTimeout: '10 minutes',
  scheduleToCloseTimeout: '1 hour',
};
