import type { PasswordContextView } from '../contracts';
import type { PasswordChange } from './password-change';
import { findRecoverableLogin } from './recoverable-login';
import type { RecoveryDeps } from './recovery-deps';
import { InvalidTokenError } from './recovery-errors';
import type { ResetTokenStore } from './reset-tokens';

/** Checks the chosen password against the policy with the login's personal data and hashes it (the API's half: 422 when weak). */
export type HashNewPassword = (context: PasswordContextView) => Promise<string>;

/** The reset link: a valid token sets the new password once; unknown, used and expired tokens get one answer. */
export function tokenReset(deps: RecoveryDeps, tokens: ResetTokenStore, changePassword: PasswordChange): (token: string, hashNewPassword: HashNewPassword) => Promise<string> {
  return async (token, hashNewPassword) => {
    const username = await tokens.peek(token);
    const login = username === null ? null : await findRecoverableLogin(deps, username);
    if (!login) throw new InvalidTokenError('reset token unknown, used or expired');
    // Checked before the token is spent: a password the policy refuses leaves the link usable.
    const passwordHash = await hashNewPassword(login.passwordContext);
    if ((await tokens.consume(token)) !== login.username) throw new InvalidTokenError('reset token used or expired meanwhile');
    if (!(await changePassword(login.username, passwordHash))) throw new InvalidTokenError('the login is no longer active');
    return login.username;
  };
}
