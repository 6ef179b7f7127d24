import { createHash, randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';

/** Single-use password-reset tokens in Redis, stored only as their SHA-256; the newest one per login is the only one that works. */
export interface ResetTokenStore {
  /** A new token for a login, valid for `ttlMs`; the login's previous token stops working. */
  issue(username: string, ttlMs: number): Promise<string>;
  /** The login a token is for, leaving it usable; null when unknown, used or expired. */
  peek(token: string): Promise<string | null>;
  /** The login a token is for, and the token is spent: of two concurrent calls, one gets null. */
  consume(token: string): Promise<string | null>;
  /** The login's outstanding token, if any, stops working (after its password changed). */
  revokeFor(username: string): Promise<void>;
}

/** 32 random bytes (256 bits) as base64url: 43 characters. */
const TOKEN_BYTES = 32;
const tokenPattern = /^[A-Za-z0-9_-]{43}$/;
const TOKEN_KEY_PREFIX = 'recovery:';

const digestOf = (token: string) => createHash('sha256').update(token).digest('hex');
const latestKeyOf = (username: string) => `recovery-latest:${username}`;

// One step: store the new token, point the login at it, delete the token it replaces.
const ISSUE = `redis.call('set', KEYS[1], ARGV[1], 'PX', ARGV[2])
local previous = redis.call('set', KEYS[2], ARGV[3], 'PX', ARGV[2], 'GET')
if previous and previous ~= ARGV[3] then redis.call('del', ARGV[4] .. previous) end
return 1`;

/** A plain SHA-256 is enough (no HMAC): the token has 256 bits of entropy, nothing to brute-force. */
export function resetTokenStore(redis: Redis): ResetTokenStore {
  return {
    async issue(username, ttlMs) {
      const token = randomBytes(TOKEN_BYTES).toString('base64url');
      const digest = digestOf(token);
      await redis.eval(ISSUE, 2, TOKEN_KEY_PREFIX + digest, latestKeyOf(username), username, Math.max(1, Math.round(ttlMs)), digest, TOKEN_KEY_PREFIX);
      return token;
    },

    async peek(token) {
      return tokenPattern.test(token) ? redis.get(TOKEN_KEY_PREFIX + digestOf(token)) : null;
    },

    async consume(token) {
      return tokenPattern.test(token) ? redis.getdel(TOKEN_KEY_PREFIX + digestOf(token)) : null;
    },

    async revokeFor(username) {
      const digest = await redis.getdel(latestKeyOf(username));
      if (digest) await redis.del(TOKEN_KEY_PREFIX + digest);
    },
  };
}
