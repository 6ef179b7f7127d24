import { Router, type Request } from 'express';
import { WorkflowExecutionAlreadyStartedError, WorkflowUpdateFailedError, type Client } from '@temporalio/client';
import { ApplicationFailure, WorkflowNotFoundError } from '@temporalio/common';
import { z } from 'zod';
import type { Config } from '../../config';
import { LOGIN_REQUEST_NOT_FOUND, loginRequestWorkflowId, type AdditionalLoginState } from '../../contracts';
import { flowStartOptions } from '../../contracts/search-attributes';
import type { CustomerProfileModel } from '../../customers/customer-profile-model';
import { ConflictError, NotFoundError, UnauthorizedError } from '../../domain/errors';
import { additionalLogin } from '../../workflows/logins/additional-login';
import { confirmLoginRequest, loginRequestState } from '../../workflows/logins/additional-login-messages';
import { idForRequest, UUID_PATTERN } from '../idempotency-key';
import type { ApiDocument } from '../openapi';
import { requirePrivilegedSession } from '../privileged-session';
import { passwordBody, passwordHashFrom } from '../registration-steps';
import { route } from '../route';
import { requireLogin, signedInLogin, type SessionStore } from '../session-auth';
import { fromTemporal, viaTemporal } from '../temporal-errors';

export interface LoginRouteDeps {
  temporal: Client;
  sessions: SessionStore;
  profiles: CustomerProfileModel;
  config: Pick<Config, 'TEMPORAL_TASK_QUEUE' | 'USERNAME_DOMAIN' | 'LOGIN_REQUEST_EXPIRY_MINUTES' | 'SESSION_SECRET' | 'PRIVILEGED_SESSION_MINUTES'>;
}

function requestIdParam(req: Request): string {
  const requestId = String(req.params.requestId);
  if (!UUID_PATTERN.test(requestId)) throw new NotFoundError('no such login request');
  return requestId;
}

/** The workflow's refusal of a foreign profile is a 404, like an unknown request; the rest as for every flow. */
function confirmationError(error: unknown): unknown {
  if (error instanceof WorkflowUpdateFailedError && error.cause instanceof ApplicationFailure && error.cause.type === LOGIN_REQUEST_NOT_FOUND) {
    return new NotFoundError('no such login request');
  }
  return fromTemporal(error);
}

/** Journey 3, "Crea nuova login": choose the password, then confirm; the new username belongs to the same profile. */
export function loginRoutes(docs: ApiDocument, { temporal, sessions, profiles, config }: LoginRouteDeps): Router {
  const router = Router();
  const tags = ['customer area'];
  router.use('/api/v1/me/logins', requireLogin(sessions));
  // A stolen session must not mint a login of its own: creating one needs a recent sign-in.
  router.post('/api/v1/me/logins', requirePrivilegedSession(Math.round(config.PRIVILEGED_SESSION_MINUTES * 60_000)));

  route(
    router,
    docs,
    {
      method: 'post',
      path: '/api/v1/me/logins',
      summary: '"Crea nuova login": the password (checked and hashed here) for a new username on the same profile; confirm next (Idempotency-Key honoured)',
      tags,
      security: 'session',
      body: passwordBody,
      responses: {
        202: { description: 'Request open; confirm it within LOGIN_REQUEST_EXPIRY_MINUTES', schema: z.object({ requestId: z.string(), step: z.literal('confirm') }) },
        401: { description: 'Not signed in' },
        403: { description: 'The last sign-in is older than PRIVILEGED_SESSION_MINUTES (`reauthentication_required`)' },
        429: { description: 'Too many requests from this address (`rate_limited`, with Retry-After)' },
      },
    },
    async (req, res, body) => {
      const login = signedInLogin(res);
      const profile = await profiles.findById(login.profileId, { holder: 1, email: 1 }).lean();
      if (!profile) throw new UnauthorizedError('the session names a profile that no longer exists');
      const { firstName, lastName, companyName, taxCode } = profile.holder;
      // The new username is not known yet: the signed-in one's code stands in for it.
      const passwordHash = await passwordHashFrom(req, body, { username: login.username, firstName, lastName, companyName, taxCode, email: profile.email });
      const requestId = idForRequest(req, `login-request:${login.profileId}`, config.SESSION_SECRET);
      try {
        await viaTemporal(() =>
          temporal.workflow.start(additionalLogin, {
            workflowId: loginRequestWorkflowId(requestId),
            taskQueue: config.TEMPORAL_TASK_QUEUE,
            ...flowStartOptions('additional-login', 'confirm'),
            args: [
              {
                profileId: login.profileId,
                requestedBy: login.username,
                passwordHash,
                usernameDomain: config.USERNAME_DOMAIN,
                expiresInMs: Math.round(config.LOGIN_REQUEST_EXPIRY_MINUTES * 60_000),
              },
            ],
            // A repeated key reaches the same request, running or finished: never a second login.
            workflowIdConflictPolicy: 'USE_EXISTING',
            workflowIdReusePolicy: 'REJECT_DUPLICATE',
          }),
        );
      } catch (error) {
        if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
      }
      res.status(202).json({ requestId, step: 'confirm' });
    },
  );

  route(
    router,
    docs,
    {
      method: 'post',
      path: '/api/v1/me/logins/requests/{requestId}/confirm',
      summary: 'Confirm the operation: the new username is created, active at once, and a confirmation e-mail goes to the profile address',
      tags,
      security: 'session',
      responses: {
        201: { description: 'Created (a repeated confirmation answers the same username)', schema: z.object({ username: z.string() }) },
        401: { description: 'Not signed in' },
        404: { description: 'Unknown request, or a request of another profile' },
        409: { description: 'The request expired (`login_request_expired`)' },
      },
    },
    async (req, res) => {
      const { profileId } = signedInLogin(res);
      const handle = temporal.workflow.getHandle(loginRequestWorkflowId(requestIdParam(req)));
      const ownState = async (): Promise<AdditionalLoginState> => {
        const state = await viaTemporal(() => handle.query(loginRequestState));
        if (state.profileId !== profileId) throw new NotFoundError('no such login request');
        return state;
      };

      let state = await ownState();
      if (state.step === 'confirm' || state.step === 'creating') {
        try {
          const { username } = await handle.executeUpdate(confirmLoginRequest, { args: [{ profileId }] });
          res.status(201).json({ username });
          return;
        } catch (error) {
          if (!(error instanceof WorkflowNotFoundError)) throw confirmationError(error);
          state = await ownState(); // it closed (expired or completed) between the query and the update
        }
      }
      if (state.step === 'completed' && state.username) {
        res.status(201).json({ username: state.username });
        return;
      }
      throw new ConflictError('login_request_expired', 'the login request expired');
    },
  );

  return router;
}
