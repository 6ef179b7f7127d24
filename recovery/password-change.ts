import type { RecoveryDeps } from './recovery-deps';
import type { ResetTokenStore } from './reset-tokens';

/**
 * Sets a login's new password hash and ends everything acting as it (every session but
 * `keepSessionId`, every reset link); false when the login is no longer active.
 */
export type PasswordChange = (username: string, passwordHash: string, keepSessionId?: string) => Promise<boolean>;

export function passwordChange({ logins, sessions }: RecoveryDeps, tokens: ResetTokenStore): PasswordChange {
  const endAccess = (username: string, keepSessionId?: string) => Promise.all([sessions.destroyAllFor(username, keepSessionId), tokens.revokeFor(username)]);
  return async (username, passwordHash, keepSessionId) => {
    // Before the write, so a crash after it leaves no session on the old password; after it, for a sign-in that raced it.
    await endAccess(username, keepSessionId);
    // Only `passwordHash` changes. On FerretDB 1.x the update rewrites the document (docs/recovery.md).
    const { matchedCount } = await logins.updateOne({ _id: username, status: 'active' }, { $set: { passwordHash } });
    await endAccess(username, keepSessionId);
    return matchedCount === 1;
  };
}
