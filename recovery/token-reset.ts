import type { PasswordContextView } from '../contracts';
import { ValidationError } from '../domain/errors';
import { verifySecretAnswer } from '../security/argon2';
import { noticeOfPasswordChange, noticeOfRecoveryLock } from './account-notices';
import type { AnswerLockout } from './answer-lockout';
import type { PasswordChange } from './password-change';
import { findRecoverableLogin, type RecoverableLogin } from './recoverable-login';
import type { RecoveryDeps } from './recovery-deps';
import { InvalidTokenError, RecoveryLockedError } from './recovery-errors';
import { RECOVERY_LIMITS } from './recovery-limits';
import type { ResetTokenStore } from './reset-tokens';

/** Checks the chosen password against the policy with the login's personal data and hashes it (the API's half: 422 when weak). */
export type HashNewPassword = (context: PasswordContextView) => Promise<string>;

/** What the reset page shows once the token is known good. */
export interface ResetPage {
  /** The login has a secret question: the reset needs its answer too. */
  answerRequired: boolean;
  question?: string;
}

export interface TokenReset {
  /** The page behind the e-mailed link; throws InvalidTokenError. */
  page(token: string): Promise<ResetPage>;
  /** Sets the new password; returns the username. Throws InvalidTokenError, RecoveryLockedError, ValidationError. */
  reset(token: string, recoveryAnswer: string | undefined, hashNewPassword: HashNewPassword): Promise<string>;
}

/**
 * The reset link: the e-mailed token, plus the secret answer when the login has a question (a second
 * factor, never a replacement). Wrong answers count per login; the one that reaches the limit
 * cancels every link and tells the owner. Unknown, used, expired and cancelled tokens get one answer.
 */
export function tokenReset(deps: RecoveryDeps, tokens: ResetTokenStore, answers: AnswerLockout, changePassword: PasswordChange): TokenReset {
  const loginOf = async (token: string): Promise<RecoverableLogin> => {
    const username = await tokens.peek(token);
    const login = username === null ? null : await findRecoverableLogin(deps, username);
    if (!login) throw new InvalidTokenError('reset token unknown, used or expired');
    if (await answers.isLocked(login.username)) {
      await tokens.revokeFor(login.username);
      throw new InvalidTokenError('recovery of this login is locked');
    }
    return login;
  };

  const checkAnswer = async (login: RecoverableLogin, answer: string | undefined) => {
    if (!login.recovery) return;
    if (answer === undefined || answer.trim() === '') throw new ValidationError([{ path: 'recoveryAnswer', rule: 'required' }]);
    if (await verifySecretAnswer(login.recovery.answerHash, answer)) return;
    const { locked, locksNow } = await answers.recordWrong(login.username);
    if (!locked) throw new ValidationError([{ path: 'recoveryAnswer', rule: 'wrong_answer' }]);
    await tokens.revokeFor(login.username);
    if (locksNow) await noticeOfRecoveryLock(deps, login, login.username, RECOVERY_LIMITS.wrongAnswersPerLogin.windowMs);
    throw new RecoveryLockedError('too many wrong answers: every reset link of the login is cancelled');
  };

  return {
    async page(token) {
      const login = await loginOf(token);
      return login.recovery ? { answerRequired: true, question: login.recovery.question } : { answerRequired: false };
    },

    async reset(token, recoveryAnswer, hashNewPassword) {
      const login = await loginOf(token);
      await checkAnswer(login, recoveryAnswer);
      // Checked before the token is spent: a password the policy refuses leaves the link usable.
      const passwordHash = await hashNewPassword(login.passwordContext);
      if ((await tokens.consume(token)) !== login.username) throw new InvalidTokenError('reset token used or expired meanwhile');
      if (!(await changePassword(login.username, passwordHash))) throw new InvalidTokenError('the login is no longer active');
      // The owner proved control of the mailbox (and the answer): every lockout of the login ends.
      await Promise.all([deps.clearSignInLockout(login.username), answers.clear(login.username)]);
      await noticeOfPasswordChange(deps, login, login.username);
      return login.username;
    },
  };
}
