import { createHash } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Redis } from 'ioredis';
import { hit, RateLimitedError } from './rate-limit';

export interface SignInLockoutOptions {
  /** Failed sign-ins on one username from one client address, within `lockoutMs` of the first, that lock that pair. */
  attempts: number;
  /** How long a lock lasts; also the window failures are counted in. */
  lockoutMs: number;
  /** The longest progressive delay per username (`LOGIN_DELAY_MAX_MS`). */
  maxDelayMs: number;
}

export interface SignInLockout {
  /** 429 with Retry-After while this (username, address) is locked; otherwise waits the username's progressive delay. */
  admit(username: string, address: string): Promise<void>;
  /** Counts one failed sign-in (or reauthentication) for the pair and for the username. */
  recordFailure(username: string, address: string): Promise<void>;
  /** The pair's failures are forgotten (the username's stay: the owner's success must not refill a stranger's budget). */
  recordSuccess(username: string, address: string): Promise<void>;
  /** After a password reset: every lock and failure of the username is forgotten, from every address. */
  clear(username: string): Promise<void>;
}

/** The first delayed attempt waits this long; each further failure doubles it, up to `maxDelayMs`. */
const FIRST_DELAY_MS = 250;

// A username field sometimes receives a password: Redis keys hold a digest of what was typed, never the text.
const digestOf = (username: string) => createHash('sha256').update(username).digest('hex');
/** Bumped by `clear`: the pair keys of older generations are never read again and expire by themselves. */
const generationKey = (digest: string) => `lockout:sign-in-gen:${digest}`;
const pairKey = (digest: string, generation: string, address: string) => `${digest}:${generation}:${address}`;
const lockKey = (pair: string) => `lockout:sign-in:${pair}`;
const USERNAME_FAILURES = 'sign-in-username-failures';

/**
 * Lockout per (username, client address) and a progressive delay per username, in Redis (shared by
 * every API replica), never in MongoDB, whose updates are not isolated on FerretDB. A stranger locks
 * only their own pair; from elsewhere the owner still signs in, after at most `maxDelayMs`. Any
 * username locks alike, known or not, so a 429 says nothing about whether an account exists.
 */
export function signInLockout(redis: Redis, { attempts, lockoutMs, maxDelayMs }: SignInLockoutOptions): SignInLockout {
  const generationOf = async (digest: string) => (await redis.get(generationKey(digest))) ?? '0';
  const delayAfter = (failures: number) => (failures < attempts ? 0 : Math.min(maxDelayMs, FIRST_DELAY_MS * 2 ** Math.min(20, failures - attempts)));

  return {
    async admit(username, address) {
      const digest = digestOf(username);
      const pair = pairKey(digest, await generationOf(digest), address);
      const [remainingMs, failures] = await Promise.all([redis.pttl(lockKey(pair)), redis.get(`rl:${USERNAME_FAILURES}:${digest}`)]);
      if (remainingMs > 0) throw new RateLimitedError(Math.ceil(remainingMs / 1000));
      const delayMs = delayAfter(Number(failures ?? 0));
      if (delayMs > 0) await sleep(delayMs);
    },

    async recordFailure(username, address) {
      const digest = digestOf(username);
      const pair = pairKey(digest, await generationOf(digest), address);
      const [{ allowed }] = await Promise.all([
        hit(redis, 'sign-in-failures', pair, attempts - 1, lockoutMs),
        hit(redis, USERNAME_FAILURES, digest, Number.MAX_SAFE_INTEGER, lockoutMs),
        // The generation outlives every pair key written under it.
        redis.pexpire(generationKey(digest), 2 * lockoutMs),
      ]);
      // NX: failures racing past the limit set one lock; none extends it.
      if (!allowed) await redis.set(lockKey(pair), '1', 'PX', lockoutMs, 'NX');
    },

    async recordSuccess(username, address) {
      const digest = digestOf(username);
      await redis.del(`rl:sign-in-failures:${pairKey(digest, await generationOf(digest), address)}`);
    },

    async clear(username) {
      const digest = digestOf(username);
      await redis.multi().incr(generationKey(digest)).pexpire(generationKey(digest), 2 * lockoutMs).del(`rl:${USERNAME_FAILURES}:${digest}`).exec();
    },
  };
}
