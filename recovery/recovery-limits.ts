/** Limits of journey 6, per fixed window in Redis, shared by every API replica (see docs/recovery.md). */
export const RECOVERY_LIMITS = {
  /**
   * E-mail requests (username reminder and reset link together) per client address.
   * @defaultValue 10 per 15 minutes
   */
  emailsPerAddress: { limit: 10, windowMs: 15 * 60_000 },
  /**
   * Reset-link e-mails per username; beyond it the answer stays the same 202 and no e-mail leaves.
   * @defaultValue 5 per hour
   */
  resetLinksPerUsername: { limit: 5, windowMs: 60 * 60_000 },
  /**
   * Secret-question requests (question and answer together) per client address.
   * @defaultValue 20 per 15 minutes
   */
  questionsPerAddress: { limit: 20, windowMs: 15 * 60_000 },
  /**
   * Answers per username, whoever sends them: bounds guessing from many addresses.
   * @defaultValue 5 per 15 minutes
   */
  answersPerUsername: { limit: 5, windowMs: 15 * 60_000 },
  /**
   * Password resets with a link, per client address.
   * @defaultValue 20 per 15 minutes
   */
  resetsPerAddress: { limit: 20, windowMs: 15 * 60_000 },
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
