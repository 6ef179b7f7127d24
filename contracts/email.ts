/** E-mail contract shared by workflows, activities, the API and the e-mail worker. Types and constants only. */

export const LOCALES = ['it', 'en'] as const;
export type Locale = (typeof LOCALES)[number];

/** What each template needs. Never a password or a secret answer: the schemas in `email/templates.ts` are strict. */
export interface EmailTemplateData {
  /** "Conferma iscrizione": the account is active. */
  'registration-confirmed': { displayName: string; username: string };
  /** "Crea nuova login": one more login on the same profile. */
  'login-created': { displayName: string; username: string };
  /** Lost password: a single-use, expiring link. */
  'password-reset': { displayName: string; username: string; resetUrl: string; expiresInMinutes: number };
  /** Lost username: every username of the profile(s) with this contact address. */
  'username-reminder': { usernames: string[] };
  /** An operator approved or rejected a holder-data correction. */
  'correction-decided': { displayName: string; field: string; approved: boolean; note?: string };
  /** First purchase: the buyer has not registered yet. */
  'registration-reminder': { orderId: string; registrationUrl: string };
  /** First purchase: the order was given to an existing login (association); the buyer is told, to catch a stranger. */
  'order-associated': { orderId: string; username: string };
  /** To the previous contact address: it was replaced (the new one shown only as a hint, `m***@example.it`). */
  'email-changed': { displayName: string; newEmailHint: string };
  /** To the contact address: the password was changed (customer area) or reset (reset link). */
  'password-changed': { displayName: string; username: string };
  /** To the contact address: too many wrong secret answers on the reset links; recovery is locked for a while. */
  'recovery-locked': { displayName: string; username: string; lockedHours: number };
}

export type EmailTemplate = keyof EmailTemplateData;

export const EMAIL_TEMPLATES = [
  'registration-confirmed',
  'login-created',
  'password-reset',
  'username-reminder',
  'correction-decided',
  'registration-reminder',
  'order-associated',
  'email-changed',
  'password-changed',
  'recovery-locked',
] as const satisfies readonly EmailTemplate[];

/**
 * One e-mail to send. `key` makes it idempotent: the same key is one e-mail, however often it is
 * enqueued. Build it from ids (`signup-<uuid>:registration-confirmed`), never from personal data.
 */
export type EmailRequest = {
  [T in EmailTemplate]: { key: string; template: T; to: string; locale: Locale; data: EmailTemplateData[T] };
}[EmailTemplate];

export const EMAIL_STATUSES = ['queued', 'sending', 'sent', 'failed', 'abandoned'] as const;
export type EmailStatus = (typeof EMAIL_STATUSES)[number];
export const FINAL_EMAIL_STATUSES: readonly EmailStatus[] = ['sent', 'failed', 'abandoned'];

export interface EmailReceipt {
  outboxId: string;
  status: EmailStatus;
}

/** The BullMQ queue of e-mails; its jobs carry only the outbox id. */
export const EMAIL_QUEUE = 'email';
export interface EmailJobData {
  outboxId: string;
}
export const emailJobId = (outboxId: string): string => `email-${outboxId}`;
