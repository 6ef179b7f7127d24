import { randomBytes } from 'node:crypto';
import { hashSecretAnswer, verifySecretAnswer } from '../security/argon2';
import { decoyQuestionFor } from './decoy-questions';
import type { PasswordChange } from './password-change';
import { findRecoverableLogin } from './recoverable-login';
import type { RecoveryDeps } from './recovery-deps';
import { RecoveryFailedError } from './recovery-errors';
import type { HashNewPassword } from './token-reset';

export interface SecretQuestionRecovery {
  /** The login's question, or a stable decoy when there is none to show: the answer never says which. */
  questionFor(username: string): Promise<string>;
  /** The right answer (normalized, compared with the stored hash) sets the new password; returns the username. */
  resetWithAnswer(username: string, answer: string, hashNewPassword: HashNewPassword): Promise<string>;
}

export function secretQuestion(deps: RecoveryDeps, changePassword: PasswordChange): SecretQuestionRecovery {
  // Hashed once; compared against when there is no stored answer, so every attempt costs one argon2 verification.
  const dummyAnswerHash = hashSecretAnswer(randomBytes(32).toString('base64url'));
  return {
    async questionFor(username) {
      const login = await findRecoverableLogin(deps, username);
      return login?.recovery?.question ?? decoyQuestionFor(deps.secret, username);
    },

    async resetWithAnswer(username, answer, hashNewPassword) {
      const login = await findRecoverableLogin(deps, username);
      const answerHash = login?.recovery?.answerHash;
      const matches = await verifySecretAnswer(answerHash ?? (await dummyAnswerHash), answer);
      if (!login || !answerHash || !matches) throw new RecoveryFailedError('secret answer not verified');
      const passwordHash = await hashNewPassword(login.passwordContext);
      if (!(await changePassword(login.username, passwordHash))) throw new RecoveryFailedError('the login is no longer active');
      return login.username;
    },
  };
}
