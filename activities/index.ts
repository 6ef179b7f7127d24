import { createCorrectionActivities, type CorrectionActivityDeps } from './customers/correction-activities';
import { createCustomerActivities, type CustomerActivityDeps } from './customers/customer-activities';
import { createEnqueueEmail, createGetEmailStatus, type EmailActivityDeps } from './email/enqueue-email';
import { createLoginActivities, type LoginActivityDeps } from './logins/login-activities';
import { createRetentionActivities, type RetentionActivityDeps } from './maintenance/purge-expired-records';
import { createOrderActivities, type OrderActivityDeps } from './orders/order-activities';

export type ActivityDeps = EmailActivityDeps & CustomerActivityDeps & CorrectionActivityDeps & LoginActivityDeps & OrderActivityDeps & RetentionActivityDeps;

/** Every activity, built over its dependencies; the worker is the one place that wires them. */
export function createActivities(deps: ActivityDeps) {
  return {
    enqueueEmail: createEnqueueEmail(deps),
    getEmailStatus: createGetEmailStatus(deps),
    ...createCustomerActivities(deps),
    ...createCorrectionActivities(deps),
    ...createLoginActivities(deps),
    ...createOrderActivities(deps),
    ...createRetentionActivities(deps),
  };
}

export type Activities = ReturnType<typeof createActivities>;
