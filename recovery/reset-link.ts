import { randomUUID } from 'node:crypto';
import type { AnswerLockout } from './answer-lockout';
import { findRecoverableLogin } from './recoverable-login';
import type { RecoveryDeps } from './recovery-deps';
import { startAccountEmail } from './recovery-email';
import type { ResetTokenStore } from './reset-tokens';

/** The reset page (built by the pages), under `PUBLIC_BASE_URL`. */
export const RESET_PAGE_PATH = '/recupero/nuova-password';

/** Lost password: e-mails a single-use, expiring reset link to an active login's contact address; nothing for any other username, nor while its recovery is locked. */
export function resetLinkSender(deps: RecoveryDeps, tokens: ResetTokenStore, answers: AnswerLockout): (username: string) => Promise<void> {
  const expiresInMinutes = Math.max(1, Math.floor(deps.tokenTtlMs / 60_000));
  return async (username) => {
    const login = await findRecoverableLogin(deps, username);
    if (!login || (await answers.isLocked(login.username))) return;
    const token = await tokens.issue(login.username, deps.tokenTtlMs);
    const resetUrl = new URL(RESET_PAGE_PATH, deps.publicBaseUrl);
    resetUrl.searchParams.set('token', token);
    await startAccountEmail(deps, {
      // A key of its own per request: each link is its own e-mail.
      key: `password-reset:${randomUUID()}`,
      template: 'password-reset',
      to: login.email,
      locale: login.locale,
      data: { displayName: login.displayName, username: login.username, resetUrl: resetUrl.toString(), expiresInMinutes },
    });
  };
}
