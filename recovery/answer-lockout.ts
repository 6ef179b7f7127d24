import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import { RECOVERY_LIMITS } from './recovery-limits';

/** Wrong secret answers on one login's reset links, counted in Redis for every API replica. */
export interface AnswerLockout {
  /** True while the login's recovery is locked (the limit was reached in the window). */
  isLocked(username: string): Promise<boolean>;
  /** Counts one wrong answer; `locksNow` only for the one that reaches the limit (so one notice is sent). */
  recordWrong(username: string): Promise<{ locked: boolean; locksNow: boolean }>;
  /** A successful reset starts the count again. */
  clear(username: string): Promise<void>;
}

const keyOf = (username: string) => `recovery-wrong-answers:${createHash('sha256').update(username).digest('hex')}`;
const HIT = `local n = redis.call('incr', KEYS[1]) if n == 1 then redis.call('pexpire', KEYS[1], ARGV[1]) end return n`;

export function answerLockout(redis: Redis, { limit, windowMs } = RECOVERY_LIMITS.wrongAnswersPerLogin): AnswerLockout {
  return {
    async isLocked(username) {
      return Number((await redis.get(keyOf(username))) ?? 0) >= limit;
    },
    async recordWrong(username) {
      const count = (await redis.eval(HIT, 1, keyOf(username), windowMs)) as number;
      return { locked: count >= limit, locksNow: count === limit };
    },
    async clear(username) {
      await redis.del(keyOf(username));
    },
  };
}
