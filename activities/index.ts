import { createCustomerActivities, type CustomerActivityDeps } from './customers/customer-activities';
import { createEnqueueEmail, createGetEmailStatus, type EmailActivityDeps } from './email/enqueue-email';

export type ActivityDeps = EmailActivityDeps & CustomerActivityDeps;

/** Every activity, built over its dependencies; the worker is the one place that wires them. */
export function createActivities(deps: ActivityDeps) {
  return {
    enqueueEmail: createEnqueueEmail(deps),
    getEmailStatus: createGetEmailStatus(deps),
    ...createCustomerActivities(deps),
  };
}

export type Activities = ReturnType<typeof createActivities>;
