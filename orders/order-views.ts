import type { OrderItem } from '../contracts';
import type { Order } from './order-model';
import type { Service } from './service-model';

/** An order as its customer sees it in the customer area. */
export interface OrderView {
  orderId: string;
  /** `purchase`: reported by the order pipeline; `renewal`: asked for in the customer area. */
  kind: 'purchase' | 'renewal';
  status: Order['status'];
  items: OrderItem[];
  serviceId?: string;
  months?: number;
  createdAt: Date;
}

/** A service as its customer sees it: `expired` once past `expiresAt`, whatever was stored. */
export interface ServiceView {
  serviceId: string;
  orderId: string;
  sku: string;
  name: string;
  status: Service['status'];
  startsAt: Date;
  expiresAt: Date;
}

export function orderView(order: Order): OrderView {
  return {
    orderId: order._id,
    kind: order.kind ?? 'purchase',
    status: order.status,
    items: order.items.map(({ sku, name, durationMonths }) => ({ sku, name, durationMonths })),
    ...(order.serviceId ? { serviceId: order.serviceId, months: order.months } : {}),
    createdAt: order.createdAt,
  };
}

export function serviceView(service: Service, now: Date): ServiceView {
  // Nothing sweeps services at their expiry yet; the view tells the truth meanwhile.
  const status = service.status === 'active' && service.expiresAt <= now ? 'expired' : service.status;
  return { serviceId: service._id, orderId: service.orderId, sku: service.sku, name: service.name, status, startsAt: service.startsAt, expiresAt: service.expiresAt };
}
