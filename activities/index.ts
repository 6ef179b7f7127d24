import { createCorrectionActivities, type CorrectionActivityDeps } from './customers/correction-activities';
import { createCustomerActivities, type CustomerActivityDeps } from './customers/customer-activities';
import { createEnqueueEmail, createGetEmailStatus, type EmailActivityDeps } from './email/enqueue-email';
import { createLoginActivities, type LoginActivityDeps } from './logins/login-activities';
import { createRetentionActivities, type RetentionActivityDeps } from './maintenance/purge-expired-records';
import { createOrderActivities, type OrderActivityDeps } from './orders/order-activities';
import { createRegistrationActivities } from './registration/registration-activities';

export type ActivityDeps = EmailActivityDeps & CustomerActivityDeps & CorrectionActivityDeps & LoginActivityDeps & OrderActivityDeps & RetentionActivityDeps;

/** Every activity, built over its dependencies; the worker is the one place that wires them. */
export function createActivities(deps: ActivityDeps) {
  const enqueueEmail = createEnqueueEmail(deps);
  const customers = createCustomerActivities(deps);
  return {
    enqueueEmail,
    getEmailStatus: createGetEmailStatus(deps),
    ...customers,
    ...createRegistrationActivities({ customers, enqueueEmail }),
    ...createCorrectionActivities(deps),
    ...createLoginActivities(deps),
    ...createOrderActivities(deps),
    ...createRetentionActivities(deps),
  };
}

export type Activities = ReturnType<typeof createActivities>;
