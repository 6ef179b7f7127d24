import { createHmac, timingSafeEqual } from 'node:crypto';
import type { RequestHandler } from 'express';
import { UnauthorizedError } from '../domain/errors';

/**
 * The order pipeline signs each event: `X-Signature: sha256=<hex HMAC-SHA256 of the raw body>`
 * with ORDER_WEBHOOK_SECRET. Checked before anything else, in constant time; missing or wrong → 401.
 */
export function verifyOrderSignature(secret: string): RequestHandler {
  return (req, _res, next) => {
    const match = /^sha256=([0-9a-fA-F]{64})$/.exec(req.get('x-signature') ?? '');
    const expected = createHmac('sha256', secret).update(req.rawBody ?? Buffer.alloc(0)).digest();
    if (!match || !timingSafeEqual(Buffer.from(match[1]!, 'hex'), expected)) return next(new UnauthorizedError('invalid order signature'));
    next();
  };
}
