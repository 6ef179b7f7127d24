import { createHash } from 'node:crypto';
import { Router, type Response } from 'express';
import type { Client } from '@temporalio/client';
import type { Redis } from 'ioredis';
import { z } from 'zod';
import type { Config } from '../../config';
import type { CustomerProfileModel } from '../../customers/customer-profile-model';
import type { LoginModel } from '../../customers/login-model';
import { createRecovery, noSoonerThan, RECOVERY_ANSWER_FLOOR_MS, RECOVERY_LIMITS } from '../../recovery';
import type { ApiDocument } from '../openapi';
import { hit, rateLimit, RateLimitedError } from '../rate-limit';
import { passwordBody, passwordHashFrom } from '../registration-steps';
import { route } from '../route';
import type { SessionStore } from '../session-auth';

export interface RecoveryRouteDeps {
  temporal: Client;
  /** Reset tokens and rate limits. */
  redis: Redis;
  logins: LoginModel;
  profiles: CustomerProfileModel;
  sessions: SessionStore;
  config: Pick<Config, 'TEMPORAL_TASK_QUEUE' | 'PUBLIC_BASE_URL' | 'RECOVERY_TOKEN_MINUTES' | 'SESSION_SECRET'>;
}

// Usernames are stored lowercase (`1234567@aruba.it`); a pasted space or capital still finds them.
const username = z.string().trim().toLowerCase().min(1).max(254);
const emailBody = z.strictObject({ email: z.string().trim().pipe(z.email().max(254)) });
const usernameBody = z.strictObject({ username });
const resetBody = z.strictObject({ token: z.string().min(1).max(100), ...passwordBody.shape });
const answerBody = z.strictObject({ username, answer: z.string().min(1).max(200), ...passwordBody.shape });

const accepted = z.object({ status: z.literal('accepted') });
const usernameAnswer = z.object({ username: z.string() });

/** The one answer of the e-mail endpoints, whatever exists. */
function answerAccepted(res: Response): void {
  res.status(202).set('cache-control', 'no-store').json({ status: 'accepted' });
}

/** Rate-limit keys of a username: a digest, so any typed string makes a short key. */
const usernameKeyOf = (value: string) => createHash('sha256').update(value).digest('hex');

/** Journey 6, recover access: `/api/v1/recovery/…`. No answer tells whether an account exists (docs/recovery.md). */
export function recoveryRoutes(docs: ApiDocument, { temporal, redis, logins, profiles, sessions, config }: RecoveryRouteDeps): Router {
  const router = Router();
  const tags = ['recovery'];
  const recovery = createRecovery({
    logins,
    profiles,
    redis,
    sessions,
    temporal,
    taskQueue: config.TEMPORAL_TASK_QUEUE,
    publicBaseUrl: config.PUBLIC_BASE_URL,
    tokenTtlMs: Math.round(config.RECOVERY_TOKEN_MINUTES * 60_000),
    secret: config.SESSION_SECRET,
  });
  const limited = { 429: { description: 'Too many requests from this address (`rate_limited`, with Retry-After)' } };
  // Both e-mail endpoints share one budget per address; question and answer share another.
  const emailsPerAddress = rateLimit(redis, { name: 'recovery-email', ...RECOVERY_LIMITS.emailsPerAddress });
  const questionsPerAddress = rateLimit(redis, { name: 'recovery-question', ...RECOVERY_LIMITS.questionsPerAddress });

  router.post('/api/v1/recovery/username', emailsPerAddress);
  route(
    router,
    docs,
    {
      method: 'post',
      path: '/api/v1/recovery/username',
      summary: 'Lost username: e-mails every active username of the profiles with this contact address (one e-mail per address every 15 minutes)',
      tags,
      body: emailBody,
      responses: { 202: { description: 'Always the same answer, whether the address is known or not', schema: accepted }, ...limited },
    },
    async (_req, res, body) => {
      await noSoonerThan(RECOVERY_ANSWER_FLOOR_MS, () => recovery.sendUsernameReminder(body.email));
      answerAccepted(res);
    },
  );

  router.post('/api/v1/recovery/password', emailsPerAddress);
  route(
    router,
    docs,
    {
      method: 'post',
      path: '/api/v1/recovery/password',
      summary: "Lost password: e-mails a single-use, expiring reset link to the login's contact address",
      tags,
      body: usernameBody,
      responses: { 202: { description: 'Always the same answer, whether the username exists or not', schema: accepted }, ...limited },
    },
    async (_req, res, body) => {
      await noSoonerThan(RECOVERY_ANSWER_FLOOR_MS, async () => {
        const { limit, windowMs } = RECOVERY_LIMITS.resetLinksPerUsername;
        // Beyond this cap the answer stays the same and no e-mail leaves: nobody floods one customer's mailbox.
        const { allowed } = await hit(redis, 'recovery-reset-link', usernameKeyOf(body.username), limit, windowMs);
        if (allowed) await recovery.sendResetLink(body.username);
      });
      answerAccepted(res);
    },
  );

  router.post('/api/v1/recovery/password/reset', rateLimit(redis, { name: 'recovery-reset', ...RECOVERY_LIMITS.resetsPerAddress }));
  route(
    router,
    docs,
    {
      method: 'post',
      path: '/api/v1/recovery/password/reset',
      summary: "The reset link: sets a new password under the password policy and ends the login's sessions",
      tags,
      body: resetBody,
      responses: {
        200: { description: 'Password changed; every session of the login ended', schema: usernameAnswer },
        400: { description: 'Unknown, used or expired token (`invalid_token`, one answer for all), or malformed JSON' },
        ...limited,
      },
    },
    async (req, res, body) => {
      const changed = await recovery.resetWithToken(body.token, (context) => passwordHashFrom(req, body, context));
      res.set('cache-control', 'no-store').json({ username: changed });
    },
  );

  router.post('/api/v1/recovery/password/question', questionsPerAddress);
  route(
    router,
    docs,
    {
      method: 'post',
      path: '/api/v1/recovery/password/question',
      summary: "The secret question of a username: the login's own, or the same plausible question every time when there is none to show",
      tags,
      body: usernameBody,
      responses: { 200: { description: 'A question, for any username', schema: z.object({ question: z.string() }) }, ...limited },
    },
    async (_req, res, body) => {
      res.set('cache-control', 'no-store').json({ question: await recovery.questionFor(body.username) });
    },
  );

  router.post('/api/v1/recovery/password/answer', questionsPerAddress);
  route(
    router,
    docs,
    {
      method: 'post',
      path: '/api/v1/recovery/password/answer',
      summary: "Answer the secret question and choose a new password: ends the login's sessions",
      tags,
      body: answerBody,
      responses: {
        200: { description: 'Password changed; every session of the login ended', schema: usernameAnswer },
        403: { description: 'Wrong answer, unknown username or no question set (`recovery_failed`, one answer for all)' },
        429: { description: 'Too many requests from this address, or too many answers for this username (`rate_limited`, with Retry-After)' },
      },
    },
    async (req, res, body) => {
      const { limit, windowMs } = RECOVERY_LIMITS.answersPerUsername;
      // Counted for any username, existing or not, before anything is compared: guessing is bounded across addresses.
      const perUsername = await hit(redis, 'recovery-answer', usernameKeyOf(body.username), limit, windowMs);
      if (!perUsername.allowed) throw new RateLimitedError(perUsername.retryAfterSeconds);
      const changed = await recovery.resetWithAnswer(body.username, body.answer, (context) => passwordHashFrom(req, body, context));
      res.set('cache-control', 'no-store').json({ username: changed });
    },
  );

  return router;
}
