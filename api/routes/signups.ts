import { Router, type Request } from 'express';
import { WithStartWorkflowOperation, type Client } from '@temporalio/client';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import { z } from 'zod';
import type { Config } from '../../config';
import { signupWorkflowId } from '../../contracts';
import { flowStartOptions } from '../../contracts/search-attributes';
import { ConflictError, NotFoundError, RegistrationFailedError } from '../../domain/errors';
import { checkPassword } from '../../domain/password-policy';
import { criterionMessage } from '../../domain/password-criteria-messages';
import { registrationFormSchema } from '../../domain/registration';
import { signup } from '../../workflows/signup/signup';
import { passwordContext, setPassword, signupState, submitForm } from '../../workflows/signup/signup-messages';
import { languageOf } from '../errors';
import { idForRequest, UUID_PATTERN } from '../idempotency-key';
import type { ApiDocument } from '../openapi';
import { passwordBody, passwordHashFrom, submissionFrom } from '../registration-steps';
import { route } from '../route';
import { viaTemporal } from '../temporal-errors';

export interface SignupRouteDeps {
  temporal: Client;
  config: Pick<Config, 'TEMPORAL_TASK_QUEUE' | 'USERNAME_DOMAIN' | 'SIGNUP_EXPIRY_MINUTES' | 'SESSION_SECRET'>;
}

const policyCheckBody = z.strictObject({ password: z.string().max(200), username: z.string().max(100).optional() });

function signupIdParam(req: Request): string {
  const signupId = String(req.params.signupId);
  if (!UUID_PATTERN.test(signupId)) throw new NotFoundError('no such signup');
  return signupId;
}

type SignupHandle = ReturnType<Client['workflow']['getHandle']>;

/** Why a signup's password step is not open (asked only on that rare path). */
async function closedPasswordStepConflict(handle: SignupHandle): Promise<Error> {
  const { step } = await viaTemporal(() => handle.query(signupState));
  if (step === 'expired') return new ConflictError('signup_expired', 'signup expired');
  if (step === 'completed' || step === 'activating') return new ConflictError('password_already_set', 'password already set');
  if (step === 'failed') return new RegistrationFailedError('the registration could not be recorded');
  return new ConflictError('form_not_submitted', 'form not submitted yet');
}

/** A repeated Idempotency-Key whose signup has ended: 409, and nothing is started again. */
async function finishedSignupConflict(handle: SignupHandle): Promise<Error> {
  const state = await handle.query(signupState).catch(() => undefined);
  return state?.step === 'expired' ? new ConflictError('signup_expired', 'signup expired') : new ConflictError('signup_completed', 'signup already completed');
}

/** Journey 1: standalone signup, `/api/v1/signups…` and `/api/v1/password-policy/check`. */
export function signupRoutes(docs: ApiDocument, { temporal, config }: SignupRouteDeps): Router {
  const router = Router();
  const tags = ['signup'];

  route(
    router,
    docs,
    {
      method: 'post',
      path: '/api/v1/signups',
      summary: 'Submit the registration form ("AVANTI"): creates the profile and assigns the username',
      tags,
      body: registrationFormSchema,
      responses: { 201: { description: 'Form accepted; the username is assigned', schema: z.object({ signupId: z.string(), username: z.string(), step: z.literal('password') }) } },
    },
    async (req, res, form) => {
      const submission = await submissionFrom(req, form);
      // The same Idempotency-Key is the same signup (and workflow), for ever: a running one takes the
      // repeat, a finished one is never started again.
      const signupId = idForRequest(req, 'signup', config.SESSION_SECRET);
      const workflowId = signupWorkflowId(signupId);
      const { username } = await viaTemporal(() =>
        temporal.workflow.executeUpdateWithStart(submitForm, {
          args: [submission],
          startWorkflowOperation: new WithStartWorkflowOperation(signup, {
            workflowId,
            taskQueue: config.TEMPORAL_TASK_QUEUE,
            ...flowStartOptions('signup', 'form'),
            args: [{ expiresInMs: Math.round(config.SIGNUP_EXPIRY_MINUTES * 60_000), usernameDomain: config.USERNAME_DOMAIN }],
            workflowIdConflictPolicy: 'USE_EXISTING',
            workflowIdReusePolicy: 'REJECT_DUPLICATE',
          }),
        }),
      ).catch(async (error: unknown) => {
        if (error instanceof WorkflowExecutionAlreadyStartedError) throw await finishedSignupConflict(temporal.workflow.getHandle(workflowId));
        throw error;
      });
      res.status(201).json({ signupId, username, step: 'password' });
    },
  );

  route(
    router,
    docs,
    {
      method: 'get',
      path: '/api/v1/signups/{signupId}',
      summary: 'Where a signup is: its step and, once assigned, its username',
      tags,
      responses: { 200: { description: 'The signup', schema: z.object({ signupId: z.string(), step: z.string(), username: z.string().optional() }) }, 404: { description: 'Unknown signup' } },
    },
    async (req, res) => {
      const signupId = signupIdParam(req);
      const state = await viaTemporal(() => temporal.workflow.getHandle(signupWorkflowId(signupId)).query(signupState));
      res.json({ signupId, step: state.step, username: state.username });
    },
  );

  route(
    router,
    docs,
    {
      method: 'post',
      path: '/api/v1/signups/{signupId}/password',
      summary: 'Choose the password: the login becomes active and "Conferma iscrizione" is sent',
      tags,
      body: passwordBody,
      responses: {
        200: { description: 'Signup completed', schema: z.object({ username: z.string(), step: z.literal('completed') }) },
        404: { description: 'Unknown signup' },
        409: { description: 'Expired, already completed, or the form is not accepted yet' },
      },
    },
    async (req, res, body) => {
      const handle = temporal.workflow.getHandle(signupWorkflowId(signupIdParam(req)));
      // One query on the way: the context exists only while the password step is open.
      const context = await viaTemporal(() => handle.query(passwordContext));
      if (!context) throw await closedPasswordStepConflict(handle);
      const passwordHash = await passwordHashFrom(req, body, context);
      const { username } = await viaTemporal(() => handle.executeUpdate(setPassword, { args: [{ passwordHash }] }));
      res.json({ username, step: 'completed' });
    },
  );

  route(
    router,
    docs,
    {
      method: 'post',
      path: '/api/v1/password-policy/check',
      summary: 'Each password criterion, met or not (for a page that turns them green as they are met)',
      tags,
      body: policyCheckBody,
      responses: {
        200: {
          description: 'The criteria',
          schema: z.object({ criteria: z.array(z.object({ id: z.string(), met: z.boolean(), message: z.string() })), ok: z.boolean() }),
        },
      },
    },
    (req, res, body) => {
      const language = languageOf(req);
      const result = checkPassword(body.password, { username: body.username });
      res.json({ criteria: result.criteria.map((c) => ({ ...c, message: criterionMessage(c.id, language) })), ok: result.ok });
    },
  );

  return router;
}
