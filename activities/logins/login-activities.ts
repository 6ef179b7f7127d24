import { displayNameOf, type Locale } from '../../contracts';
import type { CustomerProfileModel } from '../../customers/customer-profile-model';
import { activateReservedLogin, type LoginActivation } from '../../customers/login-activation';
import type { LoginModel } from '../../customers/login-model';
import { NotFoundError } from '../../domain/errors';

export interface LoginActivityDeps {
  profiles: CustomerProfileModel;
  logins: LoginModel;
}

/** How the profile is reached by e-mail, read when it is needed (the customer may have changed it). */
export interface ProfileContact {
  email: string;
  displayName: string;
  locale: Locale;
}

/**
 * Activities of "Crea nuova login". They read the profile by `_id` and write only the new login:
 * the profile belongs to whoever edits it, and on FerretDB 1.x a write would rewrite it whole.
 */
export function createLoginActivities({ profiles, logins }: LoginActivityDeps) {
  return {
    /** The profile's contact address, display name and language; NotFoundError (not retried) when it is gone. */
    async profileContact(profileId: string): Promise<ProfileContact> {
      const profile = await profiles.findById(profileId, { email: 1, holder: 1, locale: 1 }).lean().exec();
      if (!profile) throw new NotFoundError(`no profile ${profileId}`);
      return { email: profile.email, displayName: displayNameOf(profile.holder), locale: profile.locale };
    },

    /** Activates the login this request reserved on the profile (see activateReservedLogin); safe to repeat. */
    async activateAdditionalLogin(input: LoginActivation): Promise<void> {
      await activateReservedLogin(logins, input);
    },
  };
}
