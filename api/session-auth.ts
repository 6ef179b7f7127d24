import type { CookieOptions, Express, Request, RequestHandler, Response } from 'express';
import type { Config } from '../config';
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

/** The session cookie's name and whether it is always `Secure`: one per app, from its config. */
export interface SessionCookiePolicy {
  name: 'sid' | '__Host-sid';
  alwaysSecure: boolean;
}

/**
 * Outside development, or wherever PUBLIC_BASE_URL is https, the cookie is always `Secure` and named
 * `__Host-sid`: browsers then take it only from https, for Path=/ and without Domain, so neither a
 * sibling subdomain nor a plain-http page can plant or overwrite it. In development over http it
 * is `sid`, `Secure` only when the request came over https (as the trusted proxies say).
 */
export function sessionCookiePolicy(config: Pick<Config, 'NODE_ENV' | 'PUBLIC_BASE_URL'>): SessionCookiePolicy {
  const alwaysSecure = config.NODE_ENV !== 'development' || new URL(config.PUBLIC_BASE_URL).protocol === 'https:';
  return { name: alwaysSecure ? '__Host-sid' : 'sid', alwaysSecure };
}

const POLICY = 'sessionCookiePolicy';

/** Called once by `createApp`: every route of the app then names and flags the cookie alike. */
export function useSessionCookiePolicy(app: Express, policy: SessionCookiePolicy): void {
  app.locals[POLICY] = policy;
}

/** The app's policy (`useSessionCookiePolicy`); the pages' CSRF cookie follows it too. */
export function policyOf(req: Request): SessionCookiePolicy {
  const policy = req.app.locals[POLICY] as SessionCookiePolicy | undefined;
  if (!policy) throw new Error('no session cookie policy: createApp() sets it with useSessionCookiePolicy()');
  return policy;
}

/**
 * No Max-Age: the cookie ends with the browser, the session with Redis's expiry. Lax keeps it off
 * cross-site POST/PATCH/DELETE (CSRF) but sends it on a link followed from an e-mail. No Domain.
 */
function cookieOptions(req: Request): CookieOptions {
  return { httpOnly: true, sameSite: 'lax', path: '/', secure: policyOf(req).alwaysSecure || req.secure };
}

/** Sets the session cookie to a new session id. */
export function setSessionCookie(req: Request, res: Response, sessionId: string): void {
  res.cookie(policyOf(req).name, sessionId, cookieOptions(req));
}

/** Tells the browser to drop the session cookie. */
export function clearSessionCookie(req: Request, res: Response): void {
  res.clearCookie(policyOf(req).name, cookieOptions(req));
}

/** The session cookie's value, read from the Cookie header (the ids are base64url: nothing to decode). */
export function sessionIdFrom(req: Request): string | undefined {
  const { name } = policyOf(req);
  for (const pair of (req.get('cookie') ?? '').split(';')) {
    const eq = pair.indexOf('=');
    if (eq > 0 && pair.slice(0, eq).trim() === name) return pair.slice(eq + 1).trim();
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
