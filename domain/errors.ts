/**
 * Typed errors with stable codes. The class name is the retry contract with Temporal
 * (`nonRetryableErrorTypes`), and `code` is what API responses and tests use.
 */
export interface FieldProblem {
  /** Dotted path of the field in the request body, e.g. `holder.taxCode`. */
  path: string;
  /** Stable name of the rule that failed, e.g. `required`, `checksum`. */
  rule: string;
  /** Localized text; filled by the API from `rule` when absent. */
  message?: string;
  /** Values the message needs, e.g. `{ max: 100 }`. */
  params?: Record<string, string | number>;
}

export abstract class AppError extends Error {
  abstract readonly code: string;
  abstract readonly status: number;
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** 422: the input breaks one or more rules; lists every failing field at once. */
export class ValidationError extends AppError {
  readonly code = 'validation_failed';
  readonly status = 422;
  constructor(readonly fields: FieldProblem[]) {
    super(`validation failed: ${fields.map((f) => `${f.path} (${f.rule})`).join(', ')}`);
  }
}

/** 400: the body is not JSON. */
export class MalformedRequestError extends AppError {
  readonly code = 'malformed_json';
  readonly status = 400;
}

/** 413: the body is larger than the API accepts. */
export class PayloadTooLargeError extends AppError {
  readonly code = 'payload_too_large';
  readonly status = 413;
}

export class UnauthorizedError extends AppError {
  readonly code = 'unauthorized';
  readonly status = 401;
}

export class ForbiddenError extends AppError {
  readonly code = 'forbidden';
  readonly status = 403;
}

export class NotFoundError extends AppError {
  readonly code = 'not_found';
  readonly status = 404;
}

/** 409: the request conflicts with the current state. `code` names the conflict. */
export class ConflictError extends AppError {
  readonly status = 409;
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** 500: a registration step failed for good on our side (its run failed, visibly, in Temporal). */
export class RegistrationFailedError extends AppError {
  readonly code = 'registration_failed';
  readonly status = 500;
}

/** A template's data does not fit its schema: a programming error, never retried. */
export class InvalidEmailRequestError extends AppError {
  readonly code = 'invalid_email_request';
  readonly status = 422;
}

/** Error class names Temporal must not retry. */
export const NON_RETRYABLE_ERROR_TYPES = [ValidationError.name, InvalidEmailRequestError.name, ConflictError.name];
