import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Request, RequestHandler } from 'express';
import { NotFoundError } from '../domain/errors';

/**
 * The capability of an order's registration: HMAC-SHA256 of the order id under SESSION_SECRET
 * (with a label of its own), base64url, 256 bits. Derived, never stored: the same event gives the
 * same link, and nothing at rest holds it; rotating the secret voids the links not yet used.
 */
export function orderRegistrationToken(secret: string, orderId: string): string {
  return createHmac('sha256', secret).update(`order-registration:${orderId}`).digest('base64url');
}

/** The REGISTRATI page of the order, with its token: what the buyer is sent to. */
export function orderRegistrationUrl(publicBaseUrl: string, secret: string, orderId: string): string {
  return `${publicBaseUrl.replace(/\/+$/, '')}/ordini/${encodeURIComponent(orderId)}/registrazione?token=${orderRegistrationToken(secret, orderId)}`;
}

const tokenFrom = (req: Request): string => (typeof req.query.token === 'string' ? req.query.token : '');

/**
 * Guards `/orders/{orderId}/registration…` and `/association`: without `?token=` of this order the
 * answer is the 404 of an unknown order, so the endpoints tell a stranger nothing, not even that
 * the order exists. Compared in constant time.
 */
export function requireOrderToken(secret: string): RequestHandler {
  return (req, _res, next) => {
    const expected = Buffer.from(orderRegistrationToken(secret, String(req.params.orderId)));
    const given = Buffer.from(tokenFrom(req));
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return next(new NotFoundError('no such order'));
    next();
  };
}
