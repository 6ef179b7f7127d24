import { insertOnce } from '../db/mongo';
import { ConflictError, NotFoundError } from '../domain/errors';
import type { Order, OrderModel } from './order-model';
import type { ServiceModel } from './service-model';

export interface RenewalRequest {
  /** `renewal-<uuid>`: the same Idempotency-Key gives the same id, so a repeat records nothing more. */
  orderId: string;
  username: string;
  profileId: string;
  serviceId: string;
  months: number;
}

/**
 * A customer asks to renew one of their login's services. It extends nothing until it is paid:
 * it is recorded as a `pending_payment` renewal order, once per id (insert on `_id`).
 * A service of another login is unknown (404), whoever owns it.
 */
export async function requestRenewal(
  { orders, services }: { orders: OrderModel; services: ServiceModel },
  request: RenewalRequest,
): Promise<{ orderId: string; status: Order['status'] }> {
  const service = await services.findById(request.serviceId, { username: 1, sku: 1, name: 1, status: 1 }).lean();
  if (!service || service.username !== request.username) throw new NotFoundError('no such service');
  if (service.status === 'cancelled') throw new ConflictError('service_not_renewable', 'a cancelled service cannot be renewed');
  const created = await insertOnce(orders, {
    _id: request.orderId,
    kind: 'renewal',
    items: [{ sku: service.sku, name: service.name, durationMonths: request.months }],
    serviceId: request.serviceId,
    months: request.months,
    username: request.username,
    profileId: request.profileId,
    status: 'pending_payment',
  });
  if (created) return { orderId: request.orderId, status: 'pending_payment' };
  // The same Idempotency-Key again: the same answer, unless it came with another request.
  const recorded = await orders.findById(request.orderId).lean();
  if (!recorded || recorded.serviceId !== request.serviceId || recorded.months !== request.months) {
    throw new ConflictError('idempotency_key_reused', 'Idempotency-Key already used with another request');
  }
  return { orderId: recorded._id, status: recorded.status };
}
