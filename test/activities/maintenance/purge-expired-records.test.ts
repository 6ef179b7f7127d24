import type { Connection } from 'mongoose';
import { createRetentionActivities } from '../../../activities/maintenance/purge-expired-records';
import { auditEventModel } from '../../../customers/audit-event-model';
import { connectMongo } from '../../../db/mongo';
import { outboxEmailModel } from '../../../email/outbox-model';
import { orderModel } from '../../../orders/order-model';
import { mongoUriFor, uniqueName } from '../../support/stack';

const daysAgo = (days: number) => new Date(Date.now() - days * 24 * 3600 * 1000);

describe('purgeExpiredRecords', () => {
  let mongo: Connection;
  beforeAll(async () => {
    mongo = await connectMongo(mongoUriFor(uniqueName('retention')));
  });
  afterAll(async () => {
    await mongo.dropDatabase();
    await mongo.close();
  });

  it('deletes final outbox rows, audit events and unregistered orders past their retention, and nothing else', async () => {
    const outbox = outboxEmailModel(mongo);
    const audit = auditEventModel(mongo);
    const orders = orderModel(mongo);
    const row = (id: string, status: string, updatedAt: Date) => ({ _id: id, key: id, template: 'registration-confirmed', to: 'a@example.it', locale: 'it', data: {}, status, attemptCount: 1, attempts: [], createdAt: updatedAt, updatedAt });
    // Raw inserts: mongoose would stamp updatedAt with now.
    await outbox.collection.insertMany([row('old-sent', 'sent', daysAgo(31)), row('old-failed', 'failed', daysAgo(40)), row('new-sent', 'sent', daysAgo(2)), row('old-queued', 'queued', daysAgo(90))] as never[]);
    const event = (id: string, at: Date) => ({ _id: id, kind: 'holder_correction', actor: 'op', at, profileId: 'p1', correctionId: id, field: 'holder.lastName', oldValue: 'a', newValue: 'b', decision: 'approved' });
    await audit.collection.insertMany([event('old-event', daysAgo(3651)), event('new-event', daysAgo(10))] as never[]);
    const order = (id: string, status: string, updatedAt: Date) => ({ _id: id, items: [], status, createdAt: updatedAt, updatedAt });
    await orders.collection.insertMany([order('old-expired', 'registration_expired', daysAgo(400)), order('new-expired', 'registration_expired', daysAgo(5)), order('old-registered', 'registered', daysAgo(4000))] as never[]);

    const { purgeExpiredRecords } = createRetentionActivities({ outboxRows: outbox, auditEvents: audit, orders });
    const report = await purgeExpiredRecords({ outboxDays: 30, auditDays: 3650, unregisteredOrderDays: 365 });

    expect(report).toEqual({ outboxRows: 2, auditEvents: 1, orders: 1 });
    expect((await outbox.find({}, { _id: 1 }).lean()).map((r) => r._id).sort()).toEqual(['new-sent', 'old-queued']);
    expect((await audit.find({}, { _id: 1 }).lean()).map((r) => r._id)).toEqual(['new-event']);
    expect((await orders.find({}, { _id: 1 }).lean()).map((r) => r._id).sort()).toEqual(['new-expired', 'old-registered']);
    expect(await purgeExpiredRecords({ outboxDays: 30, auditDays: 3650, unregisteredOrderDays: 365 })).toEqual({ outboxRows: 0, auditEvents: 0, orders: 0 });
  });
});
