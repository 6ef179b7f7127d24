import { answerLockout } from './answer-lockout';
import { ownPasswordChange, type ChangingSession } from './own-password-change';
import { passwordChange } from './password-change';
import type { RecoveryDeps } from './recovery-deps';
import { resetLinkSender } from './reset-link';
import { resetTokenStore } from './reset-tokens';
import { tokenReset, type HashNewPassword, type ResetPage } from './token-reset';
import { usernameReminder } from './username-reminder';

export { emailHint, noticeOfEmailChange, type NoticeRecipient } from './account-notices';
export { InvalidTokenError, RecoveryLockedError } from './recovery-errors';
export { RECOVERY_ANSWER_FLOOR_MS, RECOVERY_LIMITS } from './recovery-limits';
export { RESET_PAGE_PATH } from './reset-link';
export { noSoonerThan } from './steady-timing';
export type { ChangingSession } from './own-password-change';
export type { HashNewPassword, ResetPage } from './token-reset';
export type { RecoveryDeps } from './recovery-deps';

/** Journey 6's use cases, and the password change of the customer area. None of them tells its caller whether an account exists, except by the e-mail it sends. */
export interface Recovery {
  /** Lost username: e-mails the address every active username of its profiles (nothing when none). */
  sendUsernameReminder(email: string): Promise<void>;
  /** Lost password: e-mails an active login a single-use, expiring reset link (nothing for any other username). */
  sendResetLink(username: string): Promise<void>;
  /** What the page behind the link shows: whether the secret answer is needed, and the question. Throws InvalidTokenError. */
  resetPage(token: string): Promise<ResetPage>;
  /** Sets the new password with a reset token (and the secret answer, when the login has a question); returns the username. */
  resetWithToken(token: string, recoveryAnswer: string | undefined, hashNewPassword: HashNewPassword): Promise<string>;
  /** A signed-in customer's new password; false when the login is no longer active. */
  changePassword(session: ChangingSession, hashNewPassword: HashNewPassword): Promise<boolean>;
}

/** Builds the use cases over one set of dependencies; the API wires them once. */
export function createRecovery(deps: RecoveryDeps): Recovery {
  const tokens = resetTokenStore(deps.redis);
  const answers = answerLockout(deps.redis);
  const changePassword = passwordChange(deps, tokens);
  const { page, reset } = tokenReset(deps, tokens, answers, changePassword);
  return {
    sendUsernameReminder: usernameReminder(deps),
    sendResetLink: resetLinkSender(deps, tokens, answers),
    resetPage: page,
    resetWithToken: reset,
    changePassword: ownPasswordChange(deps, changePassword),
  };
}
