import { Router, type Request } from 'express';
import { z } from 'zod';
import type { OrderModel } from '../../orders/order-model';
import { orderView, serviceView } from '../../orders/order-views';
import { requestRenewal } from '../../orders/renewal-request';
import type { ServiceModel } from '../../orders/service-model';
import { NotFoundError } from '../../domain/errors';
import { idForRequest } from '../idempotency-key';
import type { ApiDocument } from '../openapi';
import { route } from '../route';
import { requireLogin, signedInLogin, type SessionStore } from '../session-auth';

export interface MyOrderRouteDeps {
  sessions: SessionStore;
  orders: OrderModel;
  services: ServiceModel;
  /** Keys the ids derived from Idempotency-Keys (`SESSION_SECRET`). */
  idSecret: string;
}

const renewalBody = z.strictObject({ months: z.number().int().min(1).max(60) });

const orderSchema = z.object({
  orderId: z.string(),
  kind: z.enum(['purchase', 'renewal']),
  status: z.string(),
  items: z.array(z.object({ sku: z.string(), name: z.string(), durationMonths: z.number() })),
  serviceId: z.string().optional(),
  months: z.number().optional(),
  createdAt: z.string(),
});
const serviceSchema = z.object({ serviceId: z.string(), orderId: z.string(), sku: z.string(), name: z.string(), status: z.string(), startsAt: z.string(), expiresAt: z.string() });

/** Path ids are looked up by `_id` as given; an absurd one is simply unknown. */
function idParam(req: Request, name: string): string {
  const id = String(req.params[name]);
  if (id.length === 0 || id.length > 128) throw new NotFoundError(`no such ${name}`);
  return id;
}

/** Journey 7: the signed-in login's orders and services, and renewal requests. Another login's ids are unknown (404). */
export function myOrderRoutes(docs: ApiDocument, { sessions, orders, services, idSecret }: MyOrderRouteDeps): Router {
  const router = Router();
  const tags = ['customer area'];
  router.use(['/api/v1/me/orders', '/api/v1/me/services'], requireLogin(sessions));
  const notSignedIn = { 401: { description: 'Not signed in' } };

  route(
    router,
    docs,
    {
      method: 'get',
      path: '/api/v1/me/orders',
      summary: "The signed-in login's orders, newest first, with their status",
      tags,
      security: 'session',
      responses: { 200: { description: 'The orders', schema: z.array(orderSchema) }, ...notSignedIn },
    },
    async (_req, res) => {
      const { username } = signedInLogin(res);
      // A filter on username reads the whole collection on FerretDB 1.x: acceptable for this page.
      const owned = await orders.find({ username }).sort({ createdAt: -1 }).lean();
      res.set('cache-control', 'no-store').json(owned.map(orderView));
    },
  );

  route(
    router,
    docs,
    {
      method: 'get',
      path: '/api/v1/me/orders/{orderId}',
      summary: 'One order of the signed-in login',
      tags,
      security: 'session',
      responses: { 200: { description: 'The order', schema: orderSchema }, 404: { description: 'No such order for this login' }, ...notSignedIn },
    },
    async (req, res) => {
      const order = await orders.findById(idParam(req, 'orderId')).lean();
      if (!order || order.username !== signedInLogin(res).username) throw new NotFoundError('no such order');
      res.set('cache-control', 'no-store').json(orderView(order));
    },
  );

  route(
    router,
    docs,
    {
      method: 'get',
      path: '/api/v1/me/services',
      summary: "The signed-in login's services, soonest expiry first",
      tags,
      security: 'session',
      responses: { 200: { description: 'The services', schema: z.array(serviceSchema) }, ...notSignedIn },
    },
    async (_req, res) => {
      const { username } = signedInLogin(res);
      const owned = await services.find({ username }).sort({ expiresAt: 1 }).lean();
      const now = new Date();
      res.set('cache-control', 'no-store').json(owned.map((service) => serviceView(service, now)));
    },
  );

  route(
    router,
    docs,
    {
      method: 'get',
      path: '/api/v1/me/services/{serviceId}',
      summary: 'One service of the signed-in login',
      tags,
      security: 'session',
      responses: { 200: { description: 'The service', schema: serviceSchema }, 404: { description: 'No such service for this login' }, ...notSignedIn },
    },
    async (req, res) => {
      const service = await services.findById(idParam(req, 'serviceId')).lean();
      if (!service || service.username !== signedInLogin(res).username) throw new NotFoundError('no such service');
      res.set('cache-control', 'no-store').json(serviceView(service, new Date()));
    },
  );

  route(
    router,
    docs,
    {
      method: 'post',
      path: '/api/v1/me/services/{serviceId}/renewal',
      summary: 'Ask to renew a service for 1–60 months: recorded as a `pending_payment` order; it extends nothing until paid (Idempotency-Key honoured)',
      tags,
      security: 'session',
      body: renewalBody,
      responses: {
        202: { description: 'Renewal order recorded', schema: z.object({ orderId: z.string(), status: z.string() }) },
        404: { description: 'No such service for this login' },
        409: { description: 'The service cannot be renewed (`service_not_renewable`), or the Idempotency-Key came with another request' },
        ...notSignedIn,
      },
    },
    async (req, res, body) => {
      const { username, profileId } = signedInLogin(res);
      const orderId = `renewal-${idForRequest(req, `renewal:${username}`, idSecret)}`;
      const recorded = await requestRenewal({ orders, services }, { orderId, username, profileId, serviceId: idParam(req, 'serviceId'), months: body.months });
      res.status(202).json(recorded);
    },
  );

  return router;
}
