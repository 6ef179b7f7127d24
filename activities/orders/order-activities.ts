import type { OrderCompleted } from '../../contracts';
import { insertOnce } from '../../db/mongo';
import type { OrderModel } from '../../orders/order-model';
import { addMonths, type ServiceModel } from '../../orders/service-model';

export interface OrderActivityDeps {
  orders: OrderModel;
  services: ServiceModel;
}

/** Activities of an order's registration; each idempotent by the order id. */
export function createOrderActivities({ orders, services }: OrderActivityDeps) {
  return {
    /** Keeps the order where the pipeline can read its registration status; once. */
    async recordOrder(order: OrderCompleted): Promise<void> {
      await insertOnce(orders, { _id: order.orderId, items: order.items, buyerEmail: order.buyerEmail, status: 'awaiting_registration' });
    },

    /** The order's items become services of the login, starting now. */
    async attachServices(input: { order: OrderCompleted; username: string; profileId: string }): Promise<void> {
      const startsAt = new Date();
      for (const [index, item] of input.order.items.entries()) {
        await insertOnce(services, {
          _id: `${input.order.orderId}:${index}`,
          orderId: input.order.orderId,
          sku: item.sku,
          name: item.name,
          username: input.username,
          profileId: input.profileId,
          status: 'active',
          startsAt,
          expiresAt: addMonths(startsAt, item.durationMonths),
        });
      }
    },

    /**
     * Upserts: a registration may finish before `recordOrder` has written the row (it was still
     * retrying after a crash), and `recordOrder` then finds the row and leaves it registered.
     */
    async markOrderRegistered(input: { orderId: string; username: string; via: 'registration' | 'association'; order?: OrderCompleted }): Promise<void> {
      const insert = input.order ? { $setOnInsert: { items: input.order.items, ...(input.order.buyerEmail ? { buyerEmail: input.order.buyerEmail } : {}) } } : {};
      await orders
        .updateOne({ _id: input.orderId }, { $set: { status: 'registered', username: input.username, via: input.via }, ...insert }, { upsert: Boolean(input.order) })
        .exec();
    },

    async markOrderExpired(orderId: string): Promise<void> {
      await orders.updateOne({ _id: orderId }, { $set: { status: 'registration_expired' } }).exec();
    },
  };
}
