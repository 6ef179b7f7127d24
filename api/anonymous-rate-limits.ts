import { Router } from 'express';
import type { Redis } from 'ioredis';
import type { Config } from '../config';
import { RECOVERY_LIMITS } from '../recovery/recovery-limits';
import { rateLimit, type RateLimitOptions } from './rate-limit';

export type AnonymousRateLimitConfig = Pick<
  Config,
  'SIGNUP_RATE_LIMIT_PER_MINUTE' | 'SIGNUP_RATE_LIMIT_TOTAL_PER_MINUTE' | 'SIGN_IN_RATE_LIMIT_PER_MINUTE' | 'SIGN_IN_RATE_LIMIT_TOTAL_PER_MINUTE'
>;

type Limited = { method: 'get' | 'post'; path: string };

/**
 * Every endpoint a stranger can call that hashes a secret, starts a workflow or sends an e-mail, with
 * its budget per client address and in total: one table, so a review (and test/security/) sees them
 * all. The order webhook is left out: its signature is checked before anything else.
 */
export function anonymousRateLimitTable(config: AnonymousRateLimitConfig): Array<{ limit: Omit<RateLimitOptions, 'key'>; routes: Limited[] }> {
  const registration = { limit: config.SIGNUP_RATE_LIMIT_PER_MINUTE, totalLimit: config.SIGNUP_RATE_LIMIT_TOTAL_PER_MINUTE, windowMs: 60_000 };
  const signIn = { limit: config.SIGN_IN_RATE_LIMIT_PER_MINUTE, totalLimit: config.SIGN_IN_RATE_LIMIT_TOTAL_PER_MINUTE, windowMs: 60_000 };
  const post = (path: string): Limited => ({ method: 'post', path });
  return [
    // Each step its own budget (the form, then the password), the same for signup and REGISTRATI.
    { limit: { name: 'registration-form', ...registration }, routes: [post('/api/v1/signups'), post('/api/v1/orders/:orderId/registration')] },
    {
      limit: { name: 'registration-password', ...registration },
      routes: [post('/api/v1/signups/:signupId/password'), post('/api/v1/orders/:orderId/registration/password')],
    },
    // Signed in, but each hashes a new password as the steps above do.
    { limit: { name: 'login-request', ...registration }, routes: [post('/api/v1/me/logins')] },
    { limit: { name: 'password-change', ...registration }, routes: [post('/api/v1/me/password')] },
    { limit: { name: 'sign-in', ...signIn }, routes: [post('/api/v1/session'), post('/api/v1/session/reauthentication')] },
    {
      limit: { name: 'recovery-email', ...RECOVERY_LIMITS.emailsPerAddress, totalLimit: RECOVERY_LIMITS.emailsTotal.limit },
      routes: [post('/api/v1/recovery/username'), post('/api/v1/recovery/password')],
    },
    {
      limit: { name: 'recovery-reset', ...RECOVERY_LIMITS.resetsPerAddress, totalLimit: RECOVERY_LIMITS.resetsTotal.limit },
      routes: [post('/api/v1/recovery/password/reset'), { method: 'get', path: '/api/v1/recovery/password/reset' }],
    },
  ];
}

/** The table as middleware, mounted before every router: over a budget → 429 with Retry-After before any work. */
export function anonymousRateLimits(redis: Redis, config: AnonymousRateLimitConfig): Router {
  const router = Router();
  for (const { limit, routes } of anonymousRateLimitTable(config)) {
    const limiter = rateLimit(redis, limit);
    for (const { method, path } of routes) router[method](path, limiter);
  }
  return router;
}
