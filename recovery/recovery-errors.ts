import { AppError } from '../domain/errors';

/** 404: a reset link that is unknown, already used, expired or cancelled (Redis forgets it either way, so one answer for all). */
export class InvalidTokenError extends AppError {
  readonly code = 'invalid_token';
  readonly status = 404;
}

/** 410: this wrong answer was one too many; every link of the login is cancelled and the owner told by e-mail. */
export class RecoveryLockedError extends AppError {
  readonly code = 'recovery_locked';
  readonly status = 410;
}
