import { displayNameOf, type Locale, type PasswordContextView } from '../contracts';
import type { RecoveryDeps } from './recovery-deps';

/** An active login and what recovery needs of its profile. */
export interface RecoverableLogin {
  username: string;
  /** The profile's contact address: recovery e-mails go there and nowhere else. */
  email: string;
  locale: Locale;
  displayName: string;
  recovery?: { question: string; answerHash: string };
  /** For the password policy's "no personal data" rule. */
  passwordContext: PasswordContextView;
}

// Not shaped like any profile id (flow ids): looked up when the login is unknown, so both paths read twice.
const NO_PROFILE_ID = 'recovery:no-profile';
const DISPLAY_NAME_MAX = 200;

/** The active login of a username with its profile, or null (unknown, reserved, disabled): always two `_id` reads. */
export async function findRecoverableLogin({ logins, profiles }: RecoveryDeps, username: string): Promise<RecoverableLogin | null> {
  const login = await logins.findById(username, { profileId: 1, status: 1 }).lean();
  const profile = await profiles.findById(login?.profileId ?? NO_PROFILE_ID, { holder: 1, email: 1, locale: 1, recovery: 1 }).lean();
  if (!login || login.status !== 'active' || !profile) return null;
  const { holder } = profile;
  return {
    username: login._id,
    email: profile.email,
    locale: profile.locale,
    displayName: (displayNameOf(holder) || login._id).slice(0, DISPLAY_NAME_MAX),
    recovery: profile.recovery?.question && profile.recovery.answerHash ? { question: profile.recovery.question, answerHash: profile.recovery.answerHash } : undefined,
    passwordContext: {
      username: login._id,
      firstName: holder.firstName,
      lastName: holder.lastName,
      companyName: holder.companyName,
      taxCode: holder.taxCode,
      email: profile.email,
    },
  };
}
