import type { ErrorRequestHandler } from 'express';
import { AppError } from '../domain/errors';

/** 400: a path parameter is not valid percent-encoding (`/api/v1/signups/%E0`). */
export class MalformedUrlError extends AppError {
  readonly code = 'malformed_url';
  readonly status = 400;
}

/** Express decodes path parameters before any route runs and throws URIError on bad encoding: the client's fault, not a 500. */
export const malformedUrlErrors: ErrorRequestHandler = (error: unknown, _req, _res, next) => {
  next(error instanceof URIError ? new MalformedUrlError('malformed URL encoding') : error);
};
