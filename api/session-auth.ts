import type { CookieOptions, Request, RequestHandler, Response } from 'express';
import { UnauthorizedError } from '../domain/errors';
import type { SessionStore } from '../sessions/session-store';

// Route modules build the store and guard their routes with one import.
export { sessionStore, type SessionStore } from '../sessions/session-store';

/** The customer a request is signed in as (set by `requireLogin`). */
export interface SignedInLogin {
  username: string;
  profileId: string;
  /** The session's id (from the cookie), e.g. to keep it when every other session ends. */
  sessionId: string;
  /** When the password was last given in this session (`api/privileged-session.ts`). */
  authenticatedAt: Date;
}

export const SESSION_COOKIE = 'sid';

/**
 * No Max-Age: the cookie ends with the browser, the session with Redis's expiry. Lax keeps it off
 * cross-site POST/PATCH/DELETE (CSRF) but sends it on a link followed from an e-mail.
 */
export function sessionCookieOptions(req: Request): CookieOptions {
  return { httpOnly: true, sameSite: 'lax', path: '/', secure: req.secure };
}

/** The `sid` cookie's value, read from the Cookie header (the ids are base64url: nothing to decode). */
export function sessionIdFrom(req: Request): string | undefined {
  for (const pair of (req.get('cookie') ?? '').split(';')) {
    const eq = pair.indexOf('=');
    if (eq > 0 && pair.slice(0, eq).trim() === SESSION_COOKIE) return pair.slice(eq + 1).trim();
  }
  return undefined;
}

/** 401 unless the request carries a live session; then `signedInLogin(res)` names the login. */
export function requireLogin(store: SessionStore): RequestHandler {
  return async (req, res, next) => {
    const sessionId = sessionIdFrom(req);
    const session = sessionId ? await store.resume(sessionId) : null;
    if (!sessionId || !session) throw new UnauthorizedError('sign-in required');
    const login: SignedInLogin = { username: session.username, profileId: session.profileId, sessionId, authenticatedAt: session.authenticatedAt };
    res.locals.login = login;
    next();
  };
}

/** The login `requireLogin` attached; calling it on an unguarded route is a programming error. */
export function signedInLogin(res: Response): SignedInLogin {
  const login = (res.locals as { login?: SignedInLogin }).login;
  if (!login) throw new Error('signedInLogin() on a route without requireLogin()');
  return login;
}
