import { WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure, WorkflowNotFoundError } from '@temporalio/common';
import { CORRECTION_CONFLICTS, LOGIN_REQUEST_CONFLICTS, SIGNUP_CONFLICTS } from '../contracts';
import { ConflictError, NotFoundError, RegistrationFailedError, ValidationError, type FieldProblem } from '../domain/errors';

const CONFLICT_MESSAGES: Record<string, string> = {
  signup_expired: 'signup expired',
  signup_completed: 'signup already completed',
  password_already_set: 'password already set',
  form_already_submitted: 'form already submitted',
  idempotency_key_reused: 'Idempotency-Key already used with another request',
  form_not_submitted: 'form not submitted yet',
  order_already_registered: 'the order already has its login',
  registration_in_progress: 'a registration for this order is in progress',
  correction_decided: 'the correction is already decided',
};

/**
 * Turns what Temporal answers an Update or a query into the API's typed errors: an unknown run is
 * 404, a validator's refusal is 422 (its field problems) or 409 (its conflict code).
 */
export function fromTemporal(error: unknown): unknown {
  if (error instanceof WorkflowNotFoundError) return new NotFoundError('no such flow');
  if (error instanceof WorkflowUpdateFailedError && error.cause instanceof ApplicationFailure) {
    const { type, details } = error.cause;
    if (type === 'ValidationError') return new ValidationError((details?.[0] as FieldProblem[] | undefined) ?? []);
    if (type === 'registration_failed') return new RegistrationFailedError(error.cause.message);
    if (type && ([...SIGNUP_CONFLICTS, ...LOGIN_REQUEST_CONFLICTS, ...CORRECTION_CONFLICTS] as readonly string[]).includes(type)) return new ConflictError(type, CONFLICT_MESSAGES[type] ?? type);
  }
  return error;
}

/** Runs a Temporal call, rethrowing its failures as API errors. */
export async function viaTemporal<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw fromTemporal(error);
  }
}
