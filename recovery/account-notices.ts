import { randomUUID } from 'node:crypto';
import type { Locale } from '../contracts';
import type { RecoveryDeps } from './recovery-deps';
import { startAccountEmail } from './recovery-email';

type NoticeDeps = Pick<RecoveryDeps, 'temporal' | 'taskQueue'>;

/** Whom a notice is for: the contact address as it was before the change. */
export interface NoticeRecipient {
  email: string;
  locale: Locale;
  displayName: string;
}

// Each notice is its own e-mail: a key from ids only (never the address), random per change.
const keyFor = (kind: string) => `${kind}:${randomUUID()}`;

/** "m***@example.it": enough for the owner to recognise, too little to harvest. */
export function emailHint(address: string): string {
  const at = address.lastIndexOf('@');
  return at <= 0 ? '***' : `${address.slice(0, 1)}***${address.slice(at)}`;
}

/** The password of a login was changed or reset: the contact address is told. */
export function noticeOfPasswordChange(deps: NoticeDeps, to: NoticeRecipient, username: string): Promise<void> {
  return startAccountEmail(deps, {
    key: keyFor('password-changed'),
    template: 'password-changed',
    to: to.email,
    locale: to.locale,
    data: { displayName: to.displayName, username },
  });
}

/** The contact address was replaced: the previous one is told, with a hint of the new one. */
export function noticeOfEmailChange(deps: NoticeDeps, previous: NoticeRecipient, newEmail: string): Promise<void> {
  return startAccountEmail(deps, {
    key: keyFor('email-changed'),
    template: 'email-changed',
    to: previous.email,
    locale: previous.locale,
    data: { displayName: previous.displayName, newEmailHint: emailHint(newEmail) },
  });
}

/** Too many wrong secret answers: the owner is told that recovery is locked and the links cancelled. */
export function noticeOfRecoveryLock(deps: NoticeDeps, to: NoticeRecipient, username: string, lockedMs: number): Promise<void> {
  return startAccountEmail(deps, {
    key: keyFor('recovery-locked'),
    template: 'recovery-locked',
    to: to.email,
    locale: to.locale,
    data: { displayName: to.displayName, username, lockedHours: Math.max(1, Math.round(lockedMs / 3_600_000)) },
  });
}
