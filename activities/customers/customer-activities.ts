import { ApplicationFailure } from '@temporalio/common';
import type { RegistrationSubmission } from '../../contracts';
import { insertOnce } from '../../db/mongo';
import type { Consent, CustomerProfileModel } from '../../customers/customer-profile-model';
import { activateReservedLogin, type LoginActivation } from '../../customers/login-activation';
import type { Login, LoginModel } from '../../customers/login-model';
import { usernameCandidate } from '../../customers/username';
import { PRIVACY_NOTICE_VERSION } from '../../domain/privacy';

export interface CustomerActivityDeps {
  profiles: CustomerProfileModel;
  logins: LoginModel;
}

const MAX_USERNAME_ATTEMPTS = 50;

/**
 * Activities of the customer profile and its logins. Each is idempotent by the ids it is given:
 * creations are inserts on a derived `_id` (a retry finds its own document), and only the flow
 * that owns a document changes it.
 */
export function createCustomerActivities({ profiles, logins }: CustomerActivityDeps) {
  return {
    /**
     * Creates the profile once; returns its id. `runId` names the run that creates it: a retry of
     * that run finds its own profile, while any other run (a flow reopened after Temporal forgot
     * it) is refused, so a finished registration is never taken over.
     */
    async createCustomerProfile(input: { profileId: string; runId: string; origin: 'signup' | 'first-purchase'; originId: string; submission: RegistrationSubmission }): Promise<string> {
      const { submission } = input;
      const now = new Date();
      const consent = (kind: Consent['kind'], granted: boolean): Consent => ({ kind, granted, version: PRIVACY_NOTICE_VERSION, at: now });
      const created = await insertOnce(profiles, {
        _id: input.profileId,
        subjectType: submission.subjectType,
        holder: submission.holder,
        address: submission.address,
        phone: submission.phone,
        email: submission.email,
        locale: submission.locale,
        consents: [
          consent('privacy_notice', submission.privacy.noticeAccepted),
          consent('processing', submission.privacy.processingConsent),
          consent('marketing', submission.privacy.marketingConsent),
        ],
        recovery: submission.recovery,
        status: 'pending',
        origin: { kind: input.origin, id: input.originId, runId: input.runId },
        version: 1,
      });
      if (!created) {
        const existing = await profiles.findById(input.profileId, { origin: 1 }).lean().exec();
        if (existing?.origin.runId !== input.runId) {
          // Typed as the workflow's own conflict, so the waiting caller gets 409 signup_completed.
          throw ApplicationFailure.create({ type: 'signup_completed', message: `profile ${input.profileId} belongs to another run`, nonRetryable: true });
        }
      }
      return input.profileId;
    },

    /**
     * Reserves a new username on the profile. Candidates come from a sequence fixed by
     * `allocationKey`; the username is the login's `_id`, so two flows can never take one code,
     * and a retry recognises the code it took before.
     */
    async allocateUsername(input: { allocationKey: string; profileId: string; origin: Login['origin']; domain: string }): Promise<string> {
      for (let attempt = 0; attempt < MAX_USERNAME_ATTEMPTS; attempt++) {
        const username = usernameCandidate(input.allocationKey, attempt, input.domain);
        const reserved = { _id: username, profileId: input.profileId, status: 'reserved' as const, origin: input.origin, allocatedBy: input.allocationKey, failedAttempts: 0 };
        if (await insertOnce(logins, reserved)) return username;
        const taken = await logins.findById(username).lean().exec();
        if (taken?.allocatedBy === input.allocationKey && taken.status === 'reserved') return username;
      }
      throw new Error(`no free username after ${MAX_USERNAME_ATTEMPTS} candidates`);
    },

    /** Activates the login this flow reserved (see activateReservedLogin) and its profile. */
    async activateLogin(input: LoginActivation): Promise<void> {
      await activateReservedLogin(logins, input);
      await profiles.updateOne({ _id: input.profileId }, { $set: { status: 'active' } }).exec();
    },

    /** An abandoned signup gives back its username and removes its profile, if they are still unused. */
    async releaseSignup(input: { profileId: string; username?: string }): Promise<void> {
      if (input.username) {
        const login = await logins.findById(input.username).lean().exec();
        if (login?.status === 'reserved') await logins.deleteOne({ _id: input.username }).exec();
      }
      const profile = await profiles.findById(input.profileId).lean().exec();
      if (profile?.status === 'pending') await profiles.deleteOne({ _id: input.profileId }).exec();
    },
  };
}
