import { createHash } from 'node:crypto';
import { Router, type Response } from 'express';
import type { Redis } from 'ioredis';
import { z } from 'zod';
import { noSoonerThan, RECOVERY_ANSWER_FLOOR_MS, RECOVERY_LIMITS, type Recovery } from '../../recovery';
import type { ApiDocument } from '../openapi';
import { hit, RateLimitedError } from '../rate-limit';
import { passwordBody, passwordHashFrom } from '../registration-steps';
import { route } from '../route';

export interface RecoveryRouteDeps {
  recovery: Recovery;
  /** The per-username cooldown of reset links. */
  redis: Redis;
}

// Usernames are stored lowercase (`1234567@aruba.it`); a pasted space or capital still finds them.
const username = z.string().trim().toLowerCase().min(1).max(254);
const token = z.string().min(1).max(100);
const emailBody = z.strictObject({ email: z.string().trim().pipe(z.email().max(254)) });
const usernameBody = z.strictObject({ username });
const resetBody = z.strictObject({ token, ...passwordBody.shape, recoveryAnswer: z.string().max(200).optional() });

const accepted = z.object({ status: z.literal('accepted') });
const limited = { 429: { description: 'Too many requests from this address, or in total (`rate_limited`, with Retry-After)' } };

/** The one answer of the e-mail endpoints, whatever exists. */
function answerAccepted(res: Response): void {
  res.status(202).set('cache-control', 'no-store').json({ status: 'accepted' });
}

/** Rate-limit keys of a username: a digest, so any typed string makes a short key. */
const usernameKeyOf = (value: string) => createHash('sha256').update(value).digest('hex');

/**
 * Journey 6, recover access: `/api/v1/recovery/…`. No answer tells whether an account exists
 * (docs/recovery.md). The per-address and total limits are in `api/anonymous-rate-limits.ts`.
 */
export function recoveryRoutes(docs: ApiDocument, { recovery, redis }: RecoveryRouteDeps): Router {
  const router = Router();
  const tags = ['recovery'];

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

  route(
    router,
    docs,
    {
      method: 'post',
      path: '/api/v1/recovery/password',
      summary: "Lost password: e-mails a single-use, expiring reset link to the login's contact address",
      tags,
      body: usernameBody,
      responses: {
        202: { description: 'Always the same answer, whether the username exists or not', schema: accepted },
        429: { description: 'Asked again for this username within a minute (known or not), or too many requests (`rate_limited`, with Retry-After)' },
      },
    },
    async (_req, res, body) => {
      const { limit, windowMs } = RECOVERY_LIMITS.resetLinkCooldown;
      // For any username, before anything is looked up: a 429 says nothing about whether it exists, and the owner is told when to retry.
      const cooldown = await hit(redis, 'recovery-reset-link', usernameKeyOf(body.username), limit, windowMs);
      if (!cooldown.allowed) throw new RateLimitedError(cooldown.retryAfterSeconds);
      await noSoonerThan(RECOVERY_ANSWER_FLOOR_MS, () => recovery.sendResetLink(body.username));
      answerAccepted(res);
    },
  );

  route(
    router,
    docs,
    {
      method: 'get',
      path: '/api/v1/recovery/password/reset',
      summary: 'The page behind the e-mailed link (`?token=`): whether the secret answer is needed, and the question',
      tags,
      responses: {
        200: { description: 'The token is good', schema: z.object({ answerRequired: z.boolean(), question: z.string().optional() }) },
        404: { description: 'Unknown, used, expired or cancelled token (`invalid_token`, one answer for all)' },
        ...limited,
      },
    },
    async (req, res) => {
      // A missing or repeated `token` is no token: the same 404 as an unknown one.
      const page = await recovery.resetPage(typeof req.query.token === 'string' ? req.query.token : '');
      res.set('cache-control', 'no-store').json(page);
    },
  );

  route(
    router,
    docs,
    {
      method: 'post',
      path: '/api/v1/recovery/password/reset',
      summary:
        "The reset link: a new password under the password policy, with the secret answer when the login has a question; ends the login's sessions and lockouts, and tells the contact address",
      tags,
      body: resetBody,
      responses: {
        200: { description: 'Password changed; every session of the login ended', schema: z.object({ username: z.string() }) },
        404: { description: 'Unknown, used, expired or cancelled token (`invalid_token`, one answer for all)' },
        410: { description: 'This wrong answer was one too many (`recovery_locked`): every link of the login is cancelled, the owner told by e-mail' },
        422: { description: 'Weak or mismatched password, or `recoveryAnswer` missing (`required`) or wrong (`wrong_answer`, counted)' },
        ...limited,
      },
    },
    async (req, res, body) => {
      const changed = await recovery.resetWithToken(body.token, body.recoveryAnswer, (context) => passwordHashFrom(req, body, context));
      res.set('cache-control', 'no-store').json({ username: changed });
    },
  );

  return router;
}
