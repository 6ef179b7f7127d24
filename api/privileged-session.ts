import type { RequestHandler, Response } from 'express';
import { AppError } from '../domain/errors';
import { signedInLogin } from './session-auth';

/** 403: the action needs a recent sign-in; `POST /api/v1/session/reauthentication` renews it (as Ory Kratos's privileged sessions). */
export class ReauthenticationRequiredError extends AppError {
  readonly code = 'reauthentication_required';
  readonly status = 403;
}

/** Throws unless the signed-in session gave the password within `windowMs` (`PRIVILEGED_SESSION_MINUTES`). */
export function assertPrivilegedSession(res: Response, windowMs: number, now = Date.now()): void {
  const { authenticatedAt } = signedInLogin(res);
  if (now - authenticatedAt.getTime() > windowMs) throw new ReauthenticationRequiredError('sign in again to do this');
}

/** The same as a guard, after `requireLogin`, for routes that are privileged as a whole. */
export function requirePrivilegedSession(windowMs: number): RequestHandler {
  return (_req, res, next) => {
    assertPrivilegedSession(res, windowMs);
    next();
  };
}
