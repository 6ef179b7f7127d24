/** Limits of journey 6, per fixed window in Redis, shared by every API replica (see docs/recovery.md). */
export const RECOVERY_LIMITS = {
  /**
   * E-mail requests (username reminder and reset link together) per client address (an IPv6 /64 is one).
   * @defaultValue 10 per 15 minutes
   */
  emailsPerAddress: { limit: 10, windowMs: 15 * 60_000 },
  /**
   * The same requests from all addresses together: bounds the e-mails anyone can make the service send.
   * @defaultValue 2000 per 15 minutes
   */
  emailsTotal: { limit: 2000, windowMs: 15 * 60_000 },
  /**
   * Reset-link requests per username (known or not): a repeat inside the cooldown answers 429 with
   * Retry-After, so the owner's own request is never dropped without a word.
   * @defaultValue 1 per minute
   */
  resetLinkCooldown: { limit: 1, windowMs: 60_000 },
  /**
   * Reset-page reads and resets with a link, per client address.
   * @defaultValue 20 per 15 minutes
   */
  resetsPerAddress: { limit: 20, windowMs: 15 * 60_000 },
  /**
   * The same from all addresses together.
   * @defaultValue 4000 per 15 minutes
   */
  resetsTotal: { limit: 4000, windowMs: 15 * 60_000 },
  /**
   * Wrong secret answers on one login's reset links: the one that reaches it burns every outstanding
   * link, tells the owner by e-mail, and resets of that login stay refused for the rest of the window.
   * @defaultValue 5 per 24 hours
   */
  wrongAnswersPerLogin: { limit: 5, windowMs: 24 * 60 * 60_000 },
} as const;

/**
 * The e-mail endpoints answer no sooner than this after the request arrived, so the work done for
 * an existing account (which includes starting an e-mail) and the work for none take the same time.
 * @defaultValue 300
 */
export const RECOVERY_ANSWER_FLOOR_MS = 300;

/**
 * One username reminder per contact address in each window of this length: a repeat inside it is
 * the same e-mail (same key), so nobody can flood a mailbox with reminders.
 * @defaultValue 900_000 (15 minutes)
 */
export const USERNAME_REMINDER_WINDOW_MS = 15 * 60_000;
