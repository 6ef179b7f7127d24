import { randomUUID } from 'node:crypto';
import { findRecoverableLogin } from './recoverable-login';
import type { RecoveryDeps } from './recovery-deps';
import { startRecoveryEmail } from './recovery-email';
import type { ResetTokenStore } from './reset-tokens';

/** Lost password: e-mails a single-use, expiring reset link to an active login's contact address; nothing for any other username. */
export function resetLinkSender(deps: RecoveryDeps, tokens: ResetTokenStore): (username: string) => Promise<void> {
  const expiresInMinutes = Math.max(1, Math.floor(deps.tokenTtlMs / 60_000));
  return async (username) => {
    const login = await findRecoverableLogin(deps, username);
    if (!login) return;
    const token = await tokens.issue(login.username, deps.tokenTtlMs);
    const resetUrl = new URL('/recupero/nuova-password', deps.publicBaseUrl);
    resetUrl.searchParams.set('token', token);
    await startRecoveryEmail(deps, {
      // A key of its own per request: each link is its own e-mail, and only the newest link works.
      key: `password-reset:${randomUUID()}`,
      template: 'password-reset',
      to: login.email,
      locale: login.locale,
      data: { displayName: login.displayName, username: login.username, resetUrl: resetUrl.toString(), expiresInMinutes },
    });
  };
}
