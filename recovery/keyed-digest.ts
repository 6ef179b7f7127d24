import { createHmac } from 'node:crypto';

/**
 * HMAC-SHA256 (hex) of a value for one purpose. Used where an id or a choice derives from personal
 * data or a username: without the secret nobody can recompute it (a plain hash of an e-mail address
 * can be reversed with a list of addresses).
 */
export function keyedDigest(secret: string, purpose: string, value: string): string {
  return createHmac('sha256', secret).update(`${purpose}\n${value}`).digest('hex');
}
