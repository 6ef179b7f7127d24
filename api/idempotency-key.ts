import { createHmac, randomUUID } from 'node:crypto';
import type { Request } from 'express';

export const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * The id of what a POST creates: derived from its Idempotency-Key within `scope` (so a repeat
 * reaches the same thing, and one customer's key never meets another's), random without one.
 * Keyed with a server secret: knowing or guessing a client's key never yields the id of its flow.
 */
export function idForRequest(req: Request, scope: string, secret: string): string {
  const key = req.get('idempotency-key');
  if (!key) return randomUUID();
  const hex = createHmac('sha256', secret).update(`flow-id:${scope}:${key}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
