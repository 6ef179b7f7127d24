import { AppError } from '../domain/errors';

/** 400: a reset link that is unknown, already used or expired (Redis forgets it either way, so one answer for all). */
export class InvalidTokenError extends AppError {
  readonly code = 'invalid_token';
  readonly status = 400;
}

/** 403: wrong answer, unknown username, or no secret question: one answer, so none of them is told apart. */
export class RecoveryFailedError extends AppError {
  readonly code = 'recovery_failed';
  readonly status = 403;
}
