import type { LoginActivation } from '../../customers/login-activation';
import type { createCustomerActivities } from '../customers/customer-activities';

type CustomerActivities = ReturnType<typeof createCustomerActivities>;

export interface RegistrationActivityDeps {
  customers: Pick<CustomerActivities, 'createCustomerProfile' | 'allocateUsername' | 'activateLogin'>;
  enqueueEmail: (input: unknown) => Promise<unknown>;
}

/**
 * A registration step's store writes as one activity, so each step is one local activity of the
 * flow (a worker activation fewer per step: docs/decisions.md). Each part is the idempotent activity
 * of its name, in the order the flow ran them, so a retry of the whole repeats nothing.
 */
export function createRegistrationActivities({ customers, enqueueEmail }: RegistrationActivityDeps) {
  return {
    /** The form: the profile (createCustomerProfile), then its username (allocateUsername). */
    async acceptRegistration(input: {
      profile: Parameters<CustomerActivities['createCustomerProfile']>[0];
      username: Omit<Parameters<CustomerActivities['allocateUsername']>[0], 'profileId'>;
    }): Promise<string> {
      const profileId = await customers.createCustomerProfile(input.profile);
      return customers.allocateUsername({ ...input.username, profileId });
    },

    /** The password: the login becomes active (activateLogin), then "Conferma iscrizione" is queued (enqueueEmail). */
    async completeRegistration(input: { activation: LoginActivation; confirmation: unknown }): Promise<void> {
      await customers.activateLogin(input.activation);
      await enqueueEmail(input.confirmation);
    },
  };
}
