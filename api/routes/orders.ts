import { Router, type Request } from 'express';
import { WorkflowExecutionAlreadyStartedError, type Client } from '@temporalio/client';
import { z } from 'zod';
import type { Config } from '../../config';
import { ORDER_ID_PATTERN, orderWorkflowId } from '../../contracts';
import { flowStartOptions } from '../../contracts/search-attributes';
import { ConflictError, NotFoundError } from '../../domain/errors';
import { registrationFormSchema } from '../../domain/registration';
import { firstPurchaseRegistration } from '../../workflows/orders/first-purchase-registration';
import { associateOrder, orderRegistrationState, passwordContext, setPassword, submitForm } from '../../workflows/orders/first-purchase-messages';
import type { ApiDocument } from '../openapi';
import { orderRegistrationUrl, requireOrderToken } from '../order-registration-token';
import { verifyOrderSignature } from '../order-signature';
import { passwordBody, passwordHashFrom, submissionFrom } from '../registration-steps';
import { route } from '../route';
import { requireLogin, signedInLogin, type SessionStore } from '../session-auth';
import { viaTemporal } from '../temporal-errors';

export interface OrderRouteDeps {
  temporal: Client;
  sessions: SessionStore;
  config: Pick<
    Config,
    | 'TEMPORAL_TASK_QUEUE'
    | 'USERNAME_DOMAIN'
    | 'PUBLIC_BASE_URL'
    | 'ORDER_WEBHOOK_SECRET'
    | 'ORDER_REMINDER_AFTER_MINUTES'
    | 'ORDER_REGISTRATION_EXPIRY_MINUTES'
    | 'SESSION_SECRET'
  >;
}

const orderCompletedBody = z.strictObject({
  /** Equal to the path's: checked with the signature (api/order-signature.ts), so an event fits one order only. */
  orderId: z.string().regex(ORDER_ID_PATTERN),
  items: z
    .array(z.strictObject({ sku: z.string().min(1).max(64), name: z.string().min(1).max(200), durationMonths: z.number().int().min(1).max(120) }))
    .min(1)
    .max(100),
  buyerEmail: z.email().max(254).optional(),
});

function orderIdParam(req: Request): string {
  const orderId = String(req.params.orderId);
  if (!ORDER_ID_PATTERN.test(orderId)) throw new NotFoundError('no such order');
  return orderId;
}

/** Journey 2: registration during the first purchase, `/api/v1/orders/{orderId}/…`. */
export function orderRoutes(docs: ApiDocument, { temporal, sessions, config }: OrderRouteDeps): Router {
  const router = Router();
  const tags = ['first purchase'];
  const registrationUrl = (orderId: string) => orderRegistrationUrl(config.PUBLIC_BASE_URL, config.SESSION_SECRET, orderId);
  const handleOf = (req: Request) => temporal.workflow.getHandle(orderWorkflowId(orderIdParam(req)));
  /** A finished registration takes no more Updates: say why with a 409, not Temporal's "not found". */
  const stillOpen = async (handle: ReturnType<typeof handleOf>) => {
    const state = await viaTemporal(() => handle.query(orderRegistrationState));
    if (state.step === 'expired') throw new ConflictError('signup_expired', 'registration expired');
    if (state.step === 'completed') throw new ConflictError('order_already_registered', 'the order already has its login');
    return state;
  };

  // The signature covers the exact bytes: checked before the body is even validated.
  router.post('/api/v1/orders/:orderId/completed', verifyOrderSignature(config.ORDER_WEBHOOK_SECRET));
  // The registration and the association are a capability: the link's token, else "unknown order".
  router.use(['/api/v1/orders/:orderId/registration', '/api/v1/orders/:orderId/association'], requireOrderToken(config.SESSION_SECRET));
  route(
    router,
    docs,
    {
      method: 'post',
      path: '/api/v1/orders/{orderId}/completed',
      summary:
        'The order pipeline: an order completed for a buyer without an account. `X-Signature: t=<unix s>,v1=<hex HMAC-SHA256 of "<t>." + raw body>`, within 300 s, body `orderId` equal to the path\'s; repeats answer the same',
      tags,
      body: orderCompletedBody,
      responses: { 202: { description: 'Registration started (or already running)', schema: z.object({ orderId: z.string(), registrationUrl: z.string() }) }, 401: { description: 'Missing, wrong or stale X-Signature, or a body orderId other than the path\'s: nothing started' } },
    },
    async (req, res, body) => {
      const orderId = orderIdParam(req);
      try {
        await viaTemporal(() =>
          temporal.workflow.start(firstPurchaseRegistration, {
            workflowId: orderWorkflowId(orderId),
            taskQueue: config.TEMPORAL_TASK_QUEUE,
            ...flowStartOptions('first-purchase', 'form', orderId),
            args: [
              { orderId, items: body.items, buyerEmail: body.buyerEmail },
              // The link (with its token) reaches only the workflow's encrypted payloads and the reminder e-mail.
              {
                reminderAfterMs: Math.round(config.ORDER_REMINDER_AFTER_MINUTES * 60_000),
                expiresAfterMs: Math.round(config.ORDER_REGISTRATION_EXPIRY_MINUTES * 60_000),
                usernameDomain: config.USERNAME_DOMAIN,
                registrationUrl: registrationUrl(orderId),
              },
            ],
            // Delivered again while running: the same run. After it finished: refused, answered the same.
            workflowIdConflictPolicy: 'USE_EXISTING',
            workflowIdReusePolicy: 'REJECT_DUPLICATE',
          }),
        );
      } catch (error) {
        if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
      }
      res.status(202).json({ orderId, registrationUrl: registrationUrl(orderId) });
    },
  );

  route(
    router,
    docs,
    {
      method: 'get',
      path: '/api/v1/orders/{orderId}/registration',
      summary: "Where the order's registration is (`?token=` of registrationUrl required)",
      tags,
      responses: { 200: { description: 'The registration', schema: z.object({ orderId: z.string(), step: z.string(), username: z.string().optional() }) }, 404: { description: 'Unknown order, or `?token=` missing or not this order\'s (one answer for both)' } },
    },
    async (req, res) => {
      const state = await viaTemporal(() => handleOf(req).query(orderRegistrationState));
      res.json({ orderId: orderIdParam(req), step: state.step, username: state.username });
    },
  );

  route(
    router,
    docs,
    {
      method: 'post',
      path: '/api/v1/orders/{orderId}/registration',
      summary: 'REGISTRATI: the registration form for this order (same form and rules as a signup; `?token=` of registrationUrl required)',
      tags,
      body: registrationFormSchema,
      responses: { 201: { description: 'Form accepted; the username is assigned', schema: z.object({ username: z.string(), step: z.literal('password') }) }, 404: { description: 'Unknown order, or `?token=` missing or not this order\'s (one answer for both)' }, 409: { description: 'The order already has its login' } },
    },
    async (req, res, form) => {
      const handle = handleOf(req);
      await stillOpen(handle);
      const submission = await submissionFrom(req, form);
      const { username } = await viaTemporal(() => handle.executeUpdate(submitForm, { args: [submission] }));
      res.status(201).json({ username, step: 'password' });
    },
  );

  route(
    router,
    docs,
    {
      method: 'post',
      path: '/api/v1/orders/{orderId}/registration/password',
      summary: "Choose the password: the login becomes active and owns the order's services (`?token=` required)",
      tags,
      body: passwordBody,
      responses: { 200: { description: 'Registered', schema: z.object({ username: z.string(), step: z.literal('completed') }) }, 404: { description: 'Unknown order, or `?token=` missing or not this order\'s (one answer for both)' }, 409: { description: 'Expired or already registered' } },
    },
    async (req, res, body) => {
      const handle = handleOf(req);
      const state = await stillOpen(handle);
      if (state.step === 'activating') throw new ConflictError('password_already_set', 'password already set');
      const passwordHash = await passwordHashFrom(req, body, await viaTemporal(() => handle.query(passwordContext)));
      const { username } = await viaTemporal(() => handle.executeUpdate(setPassword, { args: [{ passwordHash }] }));
      res.json({ username, step: 'completed' });
    },
  );

  router.post('/api/v1/orders/:orderId/association', requireLogin(sessions));
  route(
    router,
    docs,
    {
      method: 'post',
      path: '/api/v1/orders/{orderId}/association',
      summary: 'A signed-in buyer gives the order to the login they are signed in with (`?token=` required); the buyer is e-mailed',
      tags,
      security: 'session',
      responses: { 200: { description: 'Associated', schema: z.object({ orderId: z.string(), username: z.string() }) }, 401: { description: 'Not signed in' }, 404: { description: 'Unknown order, or `?token=` missing or not this order\'s (one answer for both)' }, 409: { description: 'A registration is in progress, or the order has its login' } },
    },
    async (req, res) => {
      const login = signedInLogin(res);
      const handle = handleOf(req);
      await stillOpen(handle);
      const result = await viaTemporal(() => handle.executeUpdate(associateOrder, { args: [{ username: login.username, profileId: login.profileId }] }));
      res.json(result);
    },
  );

  return router;
}
