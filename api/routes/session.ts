import { randomBytes } from 'node:crypto';
import { Router } from 'express';
import type { Redis } from 'ioredis';
import { z } from 'zod';
import type { Config } from '../../config';
import type { CustomerProfileModel } from '../../customers/customer-profile-model';
import type { LoginModel } from '../../customers/login-model';
import { AppError, UnauthorizedError } from '../../domain/errors';
import { hashPassword, verifyPassword } from '../../security/argon2';
import type { ApiDocument } from '../openapi';
import { rateLimit } from '../rate-limit';
import { route } from '../route';
import { clearSessionCookie, requireLogin, sessionIdFrom, setSessionCookie, signedInLogin, type SessionStore } from '../session-auth';
import { signInLockout } from '../sign-in-lockout';
import { publicProfile, publicProfileSchema } from '../public-profile';

export interface SessionRouteDeps {
  logins: LoginModel;
  profiles: CustomerProfileModel;
  sessions: SessionStore;
  /** Sign-in lockout and rate limit counters. */
  redis: Redis;
  config: Pick<Config, 'LOGIN_LOCKOUT_ATTEMPTS' | 'LOGIN_LOCKOUT_MINUTES' | 'SIGN_IN_RATE_LIMIT_PER_MINUTE'>;
}

/** 401 alike for an unknown username, a wrong password and a login that may not sign in: the answer tells them apart for no one. */
export class InvalidCredentialsError extends AppError {
  readonly code = 'invalid_credentials';
  readonly status = 401;
}

const signInBody = z.strictObject({
  // Usernames are stored lowercase (`1234567@aruba.it`); a pasted space or capital still finds them.
  username: z.string().trim().toLowerCase().min(1).max(254),
  password: z.string().min(1).max(200),
});

/** Journey 7, first part: sign in and out with a session cookie, and `GET /api/v1/me`. */
export function sessionRoutes(docs: ApiDocument, { logins, profiles, sessions, redis, config }: SessionRouteDeps): Router {
  const router = Router();
  const tags = ['session'];
  // Hashed once at start-up; an unknown username is checked against it so it costs as long as a wrong password.
  const dummyPasswordHash = hashPassword(randomBytes(32).toString('base64url'));
  const lockout = signInLockout(redis, { attempts: config.LOGIN_LOCKOUT_ATTEMPTS, lockoutMs: Math.round(config.LOGIN_LOCKOUT_MINUTES * 60_000) });

  // Per client address, before anything else: bounds guessing across usernames, and argon2's CPU and memory.
  router.post('/api/v1/session', rateLimit(redis, { name: 'sign-in', limit: config.SIGN_IN_RATE_LIMIT_PER_MINUTE, windowMs: 60_000 }));

  route(
    router,
    docs,
    {
      method: 'post',
      path: '/api/v1/session',
      summary: 'Sign in: sets the `sid` session cookie (a new session id at every sign-in)',
      tags,
      body: signInBody,
      responses: {
        200: { description: 'Signed in; `Set-Cookie: __Host-sid=…; Path=/; HttpOnly; Secure; SameSite=Lax` (`sid`, and `Secure` only over https, in development over http)', schema: z.object({ username: z.string() }) },
        401: { description: 'Unknown username, wrong password, or a login that is not active (`invalid_credentials`, one answer for all)' },
        429: { description: '`rate_limited`, with Retry-After: too many attempts from this address, or the username is locked after repeated failures (known or not)' },
      },
    },
    async (req, res, credentials) => {
      await lockout.refuseWhileLocked(credentials.username);
      const login = await logins.findById(credentials.username, { profileId: 1, passwordHash: 1, status: 1 }).lean();
      const matches = await verifyPassword(login?.passwordHash ?? (await dummyPasswordHash), credentials.password);
      if (!login?.passwordHash || !matches || login.status !== 'active') {
        await lockout.recordFailure(credentials.username);
        throw new InvalidCredentialsError('invalid credentials');
      }

      // Whatever session the browser had ends: the new one gets a fresh id (no fixation).
      const previous = sessionIdFrom(req);
      if (previous) await sessions.destroy(previous);
      const sessionId = await sessions.create({ username: login._id, profileId: login.profileId });
      setSessionCookie(req, res, sessionId);
      res.set('cache-control', 'no-store').json({ username: login._id });
    },
  );

  route(
    router,
    docs,
    {
      method: 'delete',
      path: '/api/v1/session',
      summary: 'Sign out: ends the session and clears the cookie (204 also when not signed in)',
      tags,
      responses: { 204: { description: 'Signed out' } },
    },
    async (req, res) => {
      const sessionId = sessionIdFrom(req);
      if (sessionId) await sessions.destroy(sessionId);
      clearSessionCookie(req, res);
      res.status(204).end();
    },
  );

  // The guard runs first on the same path, then the documented route.
  router.get('/api/v1/me', requireLogin(sessions));
  route(
    router,
    docs,
    {
      method: 'get',
      path: '/api/v1/me',
      summary: 'The signed-in customer: username, profile and the usernames of the profile’s active logins',
      tags,
      security: 'session',
      responses: {
        200: { description: 'The customer', schema: z.object({ username: z.string(), profile: publicProfileSchema, logins: z.array(z.string()) }) },
        401: { description: 'Not signed in, or the session expired' },
      },
    },
    async (_req, res) => {
      const { username, profileId } = signedInLogin(res);
      // A filter on profileId reads the whole collection on FerretDB 1.x: acceptable for this page.
      const [profile, profileLogins] = await Promise.all([profiles.findById(profileId).lean(), logins.find({ profileId, status: 'active' }, { _id: 1 }).lean()]);
      if (!profile) throw new UnauthorizedError('the session names a profile that no longer exists');
      res.set('cache-control', 'no-store').json({ username, profile: publicProfile(profile), logins: profileLogins.map((login) => login._id).sort() });
    },
  );

  return router;
}
