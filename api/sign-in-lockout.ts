import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import { hit, RateLimitedError } from './rate-limit';

export interface SignInLockoutOptions {
  /** Failed sign-ins on one username, within `lockoutMs` of the first, that lock it. */
  attempts: number;
  /** How long a lock lasts; also the window failures are counted in. */
  lockoutMs: number;
}

export interface SignInLockout {
  /** 429 with Retry-After while the username is locked, whatever the password. */
  refuseWhileLocked(username: string): Promise<void>;
  /** Counts one failed sign-in; the one that reaches the limit locks the username. */
  recordFailure(username: string): Promise<void>;
}

// A username field sometimes receives a password: Redis keys hold a digest of what was typed, never the text.
const digestOf = (username: string) => createHash('sha256').update(username).digest('hex');
const lockKey = (username: string) => `lockout:sign-in:${digestOf(username)}`;

/**
 * Lockout per username in Redis (counted by `hit`, shared by every API replica), never in MongoDB,
 * whose updates are not isolated on FerretDB. Any username locks alike, known or not, so a 429
 * says nothing about whether an account exists.
 */
export function signInLockout(redis: Redis, { attempts, lockoutMs }: SignInLockoutOptions): SignInLockout {
  return {
    async refuseWhileLocked(username) {
      const remainingMs = await redis.pttl(lockKey(username));
      if (remainingMs > 0) throw new RateLimitedError(Math.ceil(remainingMs / 1000));
    },

    async recordFailure(username) {
      const { allowed } = await hit(redis, 'sign-in-failures', digestOf(username), attempts - 1, lockoutMs);
      // NX: failures racing past the limit set one lock; none extends it.
      if (!allowed) await redis.set(lockKey(username), '1', 'PX', lockoutMs, 'NX');
    },
  };
}
