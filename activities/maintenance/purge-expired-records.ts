import type { PurgeReport, RetentionPolicy } from '../../contracts';
import type { AuditEventModel } from '../../customers/audit-event-model';
import type { OutboxEmailModel } from '../../email/outbox-model';
import type { OrderModel } from '../../orders/order-model';

export interface RetentionActivityDeps {
  outboxRows: OutboxEmailModel;
  auditEvents: AuditEventModel;
  orders: OrderModel;
}

const DAY_MS = 24 * 3600 * 1000;
const before = (days: number, now: number) => new Date(now - days * DAY_MS);

/**
 * `purgeExpiredRecords`: deletes what the retention policy no longer keeps. Each filter starts with
 * equality on an indexed field (`status`, `kind`), and the age is a range on the same index: served
 * by the index on MongoDB, and on FerretDB narrowed by the equality before the range is checked.
 * Idempotent: a retry deletes what is left.
 */
export function createRetentionActivities({ outboxRows, auditEvents, orders }: RetentionActivityDeps) {
  return {
    async purgeExpiredRecords(policy: RetentionPolicy): Promise<PurgeReport> {
      const now = Date.now();
      let outbox = 0;
      for (const status of ['sent', 'failed', 'abandoned'] as const) {
        outbox += (await outboxRows.deleteMany({ status, updatedAt: { $lt: before(policy.outboxDays, now) } }).exec()).deletedCount;
      }
      const audit = await auditEvents.deleteMany({ kind: 'holder_correction', at: { $lt: before(policy.auditDays, now) } }).exec();
      const unregistered = await orders.deleteMany({ status: 'registration_expired', updatedAt: { $lt: before(policy.unregisteredOrderDays, now) } }).exec();
      return { outboxRows: outbox, auditEvents: audit.deletedCount, orders: unregistered.deletedCount };
    },
  };
}
