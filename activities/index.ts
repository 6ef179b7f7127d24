import { createCustomerActivities, type CustomerActivityDeps } from './customers/customer-activities';
import { createEnqueueEmail, createGetEmailStatus, type EmailActivityDeps } from './email/enqueue-email';
import { createOrderActivities, type OrderActivityDeps } from './orders/order-activities';

export type ActivityDeps = EmailActivityDeps & CustomerActivityDeps & OrderActivityDeps;

/** Every activity, built over its dependencies; the worker is the one place that wires them. */
export function createActivities(deps: ActivityDeps) {
  return {
    enqueueEmail: createEnqueueEmail(deps),
    getEmailStatus: createGetEmailStatus(deps),
    ...createCustomerActivities(deps),
    ...createOrderActivities(deps),
  };
}

export type Activities = ReturnType<typeof createActivities>;
