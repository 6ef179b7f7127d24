import { noticeOfPasswordChange } from './account-notices';
import type { PasswordChange } from './password-change';
import { findRecoverableLogin } from './recoverable-login';
import type { RecoveryDeps } from './recovery-deps';
import type { HashNewPassword } from './token-reset';

/** The signed-in session asking for the change: it stays, every other session of the login ends. */
export interface ChangingSession {
  username: string;
  sessionId: string;
}

/** `POST /api/v1/me/password`: the policy with the login's data, a new argon2id hash, the other sessions ended, the contact address told. False when the login is no longer active. */
export function ownPasswordChange(deps: RecoveryDeps, changePassword: PasswordChange): (session: ChangingSession, hashNewPassword: HashNewPassword) => Promise<boolean> {
  return async ({ username, sessionId }, hashNewPassword) => {
    const login = await findRecoverableLogin(deps, username);
    if (!login) return false;
    const passwordHash = await hashNewPassword(login.passwordContext);
    if (!(await changePassword(login.username, passwordHash, sessionId))) return false;
    await noticeOfPasswordChange(deps, login, login.username);
    return true;
  };
}
