import type { PasswordContextView } from '../contracts';
import type { CustomerProfileModel } from './customer-profile-model';
import type { LoginModel } from './login-model';

export interface PasswordStepStore {
  profiles: CustomerProfileModel;
  logins: LoginModel;
}

/**
 * What a registration's password is checked against (names, codice fiscale, e-mail, username),
 * read from the store: the profile the form created (still `pending`) and the username it reserved.
 * Two indexed reads, side by side, instead of a query through the Temporal server and worker.
 * Null when the password step is not open for that profile (no form yet, activated, released): the
 * caller then asks the flow why. The flow's Update validator stays the judge of the step.
 */
export async function passwordStepContext(store: PasswordStepStore, profileId: string): Promise<PasswordContextView | null> {
  const [profile, login] = await Promise.all([
    store.profiles.findById(profileId, { holder: 1, email: 1, status: 1 }).lean().exec(),
    store.logins.findOne({ profileId, status: 'reserved' }, { _id: 1 }).lean().exec(),
  ]);
  if (profile?.status !== 'pending' || !login) return null;
  return { username: login._id, ...profile.holder, email: profile.email };
}
