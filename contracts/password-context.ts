import type { PasswordContextView, RegistrationSubmission } from './signup';

/** What a registration's password is checked against: its username, the holder's names and tax code, the e-mail. */
export function passwordContextOf(username: string, submission: RegistrationSubmission): PasswordContextView {
  return { username, ...submission.holder, email: submission.email };
}
