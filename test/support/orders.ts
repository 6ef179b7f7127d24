import { orderSignatureHeader } from '../../api/order-signature';
import type { JsonBody } from './http';
import type { SystemHarness } from './system-harness';

export interface SignOptions {
  /** Unix seconds of the signature; default now. */
  t?: number;
  secret?: string;
  /** The whole `X-Signature` value instead of a computed one. */
  signature?: string;
}

/**
 * `POST /api/v1/orders/{orderId}/completed` as the order pipeline sends it: `body` (which should
 * carry the same `orderId`) signed with a timestamp over its exact bytes.
 */
export function completeOrder(system: SystemHarness, orderId: string, body: object, options: SignOptions = {}): Promise<{ status: number; body: JsonBody }> {
  const signature = options.signature ?? orderSignatureHeader(options.secret ?? system.config.ORDER_WEBHOOK_SECRET, JSON.stringify(body), options.t);
  return system.request('POST', `/api/v1/orders/${orderId}/completed`, body, { 'x-signature': signature });
}

/** The capability token of a `registrationUrl`. */
export const tokenOf = (registrationUrl: string): string => new URL(registrationUrl).searchParams.get('token') ?? '';

/** A completed order's registration endpoints, each with the order's token. */
export async function startedOrder(system: SystemHarness, orderId: string, body: object): Promise<{ token: string; registrationUrl: string; api: (path?: string) => string }> {
  const accepted = await completeOrder(system, orderId, { orderId, ...body });
  if (accepted.status !== 202) throw new Error(`order event refused: ${JSON.stringify(accepted.body)}`);
  const { registrationUrl } = accepted.body as { registrationUrl: string };
  const token = tokenOf(registrationUrl);
  return { token, registrationUrl, api: (path = '/registration') => `/api/v1/orders/${orderId}${path}?token=${token}` };
}
