import { Router } from 'express';
import { z } from 'zod';
import { UnauthorizedError } from '../../domain/errors';
import type { Recovery } from '../../recovery';
import type { ApiDocument } from '../openapi';
import { requirePrivilegedSession } from '../privileged-session';
import { passwordBody, passwordHashFrom } from '../registration-steps';
import { route } from '../route';
import { requireLogin, signedInLogin, type SessionStore } from '../session-auth';

export interface PasswordRouteDeps {
  recovery: Recovery;
  sessions: SessionStore;
  /** `PRIVILEGED_SESSION_MINUTES`, in ms. */
  privilegedWindowMs: number;
}

/** Customer area: `POST /api/v1/me/password`, a privileged action. */
export function passwordRoutes(docs: ApiDocument, { recovery, sessions, privilegedWindowMs }: PasswordRouteDeps): Router {
  const router = Router();

  router.post('/api/v1/me/password', requireLogin(sessions), requirePrivilegedSession(privilegedWindowMs));
  route(
    router,
    docs,
    {
      method: 'post',
      path: '/api/v1/me/password',
      summary: 'Change the password (policy as at signup, argon2id): every other session of the login ends, the contact address is told',
      tags: ['customer area'],
      security: 'session',
      body: passwordBody,
      responses: {
        200: { description: 'Changed; this session stays signed in', schema: z.object({ username: z.string() }) },
        401: { description: 'Not signed in' },
        403: { description: 'The last sign-in is older than PRIVILEGED_SESSION_MINUTES (`reauthentication_required`)' },
        422: { description: 'The password breaks the policy, or the confirmation differs' },
        429: { description: 'Too many requests from this address (`rate_limited`, with Retry-After)' },
      },
    },
    async (req, res, body) => {
      const session = signedInLogin(res);
      const changed = await recovery.changePassword(session, (context) => passwordHashFrom(req, body, context));
      if (!changed) throw new UnauthorizedError('the login is no longer active');
      res.set('cache-control', 'no-store').json({ username: session.username });
    },
  );

  return router;
}
