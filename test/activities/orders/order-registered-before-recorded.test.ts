import type { Connection } from 'mongoose';
import { createOrderActivities } from '../../../activities/orders/order-activities';
import { connectMongo } from '../../../db/mongo';
import { orderModel } from '../../../orders/order-model';
import { serviceModel } from '../../../orders/service-model';
import { mongoUriFor, uniqueName } from '../../support/stack';

describe('an order registered before its row was recorded (recordOrder still retrying after a crash)', () => {
  let mongo: Connection;
  beforeAll(async () => {
    mongo = await connectMongo(mongoUriFor(uniqueName('orders')));
  });
  afterAll(async () => {
    await mongo.dropDatabase();
    await mongo.close();
  });

  it('stays registered: the late recordOrder finds the row and writes nothing', async () => {
    const activities = createOrderActivities({ orders: orderModel(mongo), services: serviceModel(mongo) });
    const order = { orderId: 'ORD-LATE-1', items: [{ sku: 'HOST-BASIC', name: 'Hosting Basic', durationMonths: 12 }], buyerEmail: 'buyer@example.it' };

    await activities.markOrderRegistered({ orderId: order.orderId, username: '1234567@aruba.it', via: 'registration', order });
    await activities.recordOrder(order);

    expect(await orderModel(mongo).findById(order.orderId).lean()).toMatchObject({
      status: 'registered',
      username: '1234567@aruba.it',
      via: 'registration',
      items: order.items,
      buyerEmail: 'buyer@example.it',
    });
  });
});
