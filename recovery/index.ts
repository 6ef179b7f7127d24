import { passwordChange } from './password-change';
import type { RecoveryDeps } from './recovery-deps';
import { resetLinkSender } from './reset-link';
import { resetTokenStore } from './reset-tokens';
import { secretQuestion } from './secret-question';
import { tokenReset, type HashNewPassword } from './token-reset';
import { usernameReminder } from './username-reminder';

export { InvalidTokenError, RecoveryFailedError } from './recovery-errors';
export { RECOVERY_ANSWER_FLOOR_MS, RECOVERY_LIMITS } from './recovery-limits';
export { noSoonerThan } from './steady-timing';
export type { HashNewPassword } from './token-reset';
export type { RecoveryDeps } from './recovery-deps';

/** Journey 6's use cases. None of them tells its caller whether an account exists, except by the e-mail it sends. */
export interface Recovery {
  /** Lost username: e-mails the address every active username of its profiles (nothing when none). */
  sendUsernameReminder(email: string): Promise<void>;
  /** Lost password: e-mails an active login a single-use, expiring reset link (nothing for any other username). */
  sendResetLink(username: string): Promise<void>;
  /** Sets the new password with a reset token; returns the username. Throws InvalidTokenError. */
  resetWithToken(token: string, hashNewPassword: HashNewPassword): Promise<string>;
  /** The login's secret question, or a stable decoy. */
  questionFor(username: string): Promise<string>;
  /** Sets the new password with the secret answer; returns the username. Throws RecoveryFailedError. */
  resetWithAnswer(username: string, answer: string, hashNewPassword: HashNewPassword): Promise<string>;
}

/** Builds the use cases over one set of dependencies; the API wires them once. */
export function createRecovery(deps: RecoveryDeps): Recovery {
  const tokens = resetTokenStore(deps.redis);
  const changePassword = passwordChange(deps, tokens);
  const { questionFor, resetWithAnswer } = secretQuestion(deps, changePassword);
  return {
    sendUsernameReminder: usernameReminder(deps),
    sendResetLink: resetLinkSender(deps, tokens),
    resetWithToken: tokenReset(deps, tokens, changePassword),
    questionFor,
    resetWithAnswer,
  };
}
