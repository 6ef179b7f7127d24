import { createHmac, timingSafeEqual } from 'node:crypto';
import type { RequestHandler } from 'express';
import { UnauthorizedError } from '../domain/errors';

/** How far an event's `t` may be from our clock, either way: a captured event replays for at most this long. */
export const ORDER_SIGNATURE_TOLERANCE_SECONDS = 300;

/** `X-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>." + raw body>` (more `v1=` allowed, for a key rotation). */
export function orderSignatureHeader(secret: string, rawBody: string | Buffer, t = Math.floor(Date.now() / 1000)): string {
  return `t=${t},v1=${signatureOf(secret, String(t), rawBody).toString('hex')}`;
}

const signatureOf = (secret: string, t: string, rawBody: string | Buffer): Buffer =>
  createHmac('sha256', secret).update(`${t}.`).update(rawBody).digest();

/** The header's `t` and `v1` values; undefined when it is not of that shape. */
function parseHeader(header: string): { t: string; v1: Buffer[] } | undefined {
  let t: string | undefined;
  const v1: Buffer[] = [];
  for (const part of header.split(',')) {
    const [key, value = ''] = part.trim().split('=', 2);
    if (key === 't' && /^\d{1,12}$/.test(value) && t === undefined) t = value;
    else if (key === 'v1' && /^[0-9a-fA-F]{64}$/.test(value)) v1.push(Buffer.from(value, 'hex'));
    else return undefined;
  }
  return t !== undefined && v1.length > 0 ? { t, v1 } : undefined;
}

/**
 * The order pipeline signs each event with ORDER_WEBHOOK_SECRET over its time and exact bytes, and
 * the body names the order, so a captured event can neither be replayed later nor on another
 * order. Checked before the body is validated; any failure is one 401 and nothing starts.
 */
export function verifyOrderSignature(secret: string, now: () => number = Date.now): RequestHandler {
  return (req, _res, next) => {
    const refuse = () => next(new UnauthorizedError('invalid order signature'));
    const header = parseHeader(req.get('x-signature') ?? '');
    if (!header || Math.abs(now() / 1000 - Number(header.t)) > ORDER_SIGNATURE_TOLERANCE_SECONDS) return refuse();
    const expected = signatureOf(secret, header.t, req.rawBody ?? Buffer.alloc(0));
    // Every candidate is compared (constant time each), so the count of v1 values is all that timing tells.
    const signed = header.v1.map((given) => timingSafeEqual(given, expected)).includes(true);
    const body = req.body as { orderId?: unknown } | undefined;
    if (!signed || body?.orderId !== req.params.orderId) return refuse();
    next();
  };
}
