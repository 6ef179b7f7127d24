import { timingSafeEqual } from 'node:crypto';
import { Router, type Request } from 'express';
import { WithStartWorkflowOperation, type Client } from '@temporalio/client';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import { z } from 'zod';
import type { Config } from '../../config';
import { orderWorkflowId, passwordContextOf, signupWorkflowId } from '../../contracts';
import { flowStartOptions } from '../../contracts/search-attributes';
import { ConflictError, NotFoundError, RegistrationFailedError } from '../../domain/errors';
import { checkPassword, type PasswordContext } from '../../domain/password-policy';
import { criterionMessage } from '../../domain/password-criteria-messages';
import { registrationFormSchema } from '../../domain/registration';
import { signup } from '../../workflows/signup/signup';
import { passwordContext, setPassword, signupState, submitForm } from '../../workflows/signup/signup-messages';
import { languageOf } from '../errors';
import { idForRequest, UUID_PATTERN } from '../idempotency-key';
import type { ApiDocument } from '../openapi';
import { orderRegistrationToken } from '../order-registration-token';
import type { PasswordContexts } from '../password-contexts';
import { passwordBody, passwordHashFrom, submissionFrom } from '../registration-steps';
import { route } from '../route';
import { viaTemporal } from '../temporal-errors';

export interface SignupRouteDeps {
  temporal: Client;
  /** What the forms this process accepted give their password steps (api/password-contexts.ts). */
  passwordContexts: PasswordContexts;
  config: Pick<Config, 'TEMPORAL_TASK_QUEUE' | 'USERNAME_DOMAIN' | 'SIGNUP_EXPIRY_MINUTES' | 'SESSION_SECRET'>;
}

/**
 * The live check knows what the final one knows when the page says where it is: `signupId` of a
 * signup, or `orderId` with the `token` of its registration link. Then names, tax code and e-mail
 * count as they will at the password step. One or the other, never both; the JSON Schema says so.
 */
const policyCheckBody = z
  .strictObject({
    password: z.string().max(200),
    username: z.string().max(100).optional(),
    signupId: z.string().regex(UUID_PATTERN).optional(),
    orderId: z.string().min(1).max(100).optional(),
    token: z.string().min(1).max(200).optional(),
  })
  .superRefine((body, ctx) => {
    if (body.orderId !== undefined && body.token === undefined) ctx.addIssue({ code: 'custom', path: ['token'], params: { rule: 'required' }, message: 'required with orderId' });
    if (body.token !== undefined && body.orderId === undefined) ctx.addIssue({ code: 'custom', path: ['orderId'], params: { rule: 'required' }, message: 'required with token' });
    if (body.signupId !== undefined && body.orderId !== undefined) ctx.addIssue({ code: 'custom', path: ['orderId'], params: { rule: 'exclusive' }, message: 'signupId or orderId, not both' });
  })
  .meta({ dependentRequired: { orderId: ['token'], token: ['orderId'] }, not: { required: ['signupId', 'orderId'] } });

/** Constant-time equality of a given token and the expected one. */
function sameSecret(given: string, expected: string): boolean {
  const [a, b] = [Buffer.from(given), Buffer.from(expected)];
  return a.length === b.length && timingSafeEqual(a, b);
}

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
export function signupRoutes(docs: ApiDocument, { temporal, passwordContexts, config }: SignupRouteDeps): Router {
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
      passwordContexts.remember(workflowId, passwordContextOf(username, submission));
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
      const workflowId = signupWorkflowId(signupIdParam(req));
      const handle = temporal.workflow.getHandle(workflowId);
      // The context is known here if this process accepted the form; else the flow has it while the password step is open.
      const known = passwordContexts.recall(workflowId);
      const context = known ?? (await viaTemporal(() => handle.query(passwordContext)));
      if (!context) throw await closedPasswordStepConflict(handle);
      const passwordHash = await passwordHashFrom(req, body, context);
      const { username } = await viaTemporal(() => handle.executeUpdate(setPassword, { args: [{ passwordHash }] }))
        .catch(async (error: unknown) => {
          // A signup that ended since its form was accepted here takes no Update: say why, as the query would have.
          if (known && error instanceof NotFoundError) throw await closedPasswordStepConflict(handle);
          throw error;
        })
        .finally(() => passwordContexts.forget(workflowId));
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
        404: { description: 'Unknown signup or order, or a token that is not this order\'s' },
        409: { description: 'That signup or order is not at its password step' },
        200: {
          description: 'The criteria',
          schema: z.object({ criteria: z.array(z.object({ id: z.string(), met: z.boolean(), message: z.string() })), ok: z.boolean() }),
        },
      },
    },
    async (req, res, body) => {
      const language = languageOf(req);
      const result = checkPassword(body.password, await policyContextFor(body));
      res.json({ criteria: result.criteria.map((c) => ({ ...c, message: criterionMessage(c.id, language) })), ok: result.ok });
    },
  );

  /** The same context the password step checks against (one rule, one place: `checkPassword`). */
  async function policyContextFor(body: z.output<typeof policyCheckBody>): Promise<PasswordContext> {
    if (body.signupId) {
      const workflowId = signupWorkflowId(body.signupId);
      const handle = temporal.workflow.getHandle(workflowId);
      const context = passwordContexts.recall(workflowId) ?? (await viaTemporal(() => handle.query(passwordContext)));
      if (!context) throw await closedPasswordStepConflict(handle);
      return context;
    }
    if (body.orderId && body.token) {
      if (!sameSecret(body.token, orderRegistrationToken(config.SESSION_SECRET, body.orderId))) throw new NotFoundError('no such order');
      const context = await viaTemporal(() => temporal.workflow.getHandle(orderWorkflowId(body.orderId!)).query(passwordContext));
      if (!context) throw new ConflictError('form_not_submitted', 'form not submitted yet');
      return context;
    }
    return { username: body.username };
  }

  return router;
}
