import { createHash, randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';

/**
 * Single-use password-reset tokens in Redis, stored only as their SHA-256. Every link a login was
 * sent works until it expires, is used, or the password changes: a stranger asking for links
 * cannot cancel the one the owner is about to use.
 */
export interface ResetTokenStore {
  /** A new token for a login, valid for `ttlMs`. */
  issue(username: string, ttlMs: number): Promise<string>;
  /** The login a token is for, leaving it usable; null when unknown, used or expired. */
  peek(token: string): Promise<string | null>;
  /** The login a token is for, and the token is spent: of two concurrent calls, one gets null. */
  consume(token: string): Promise<string | null>;
  /** Every outstanding token of the login stops working (its password changed, or its recovery locked). */
  revokeFor(username: string): Promise<void>;
}

/** 32 random bytes (256 bits) as base64url: 43 characters. */
const TOKEN_BYTES = 32;
const tokenPattern = /^[A-Za-z0-9_-]{43}$/;
const TOKEN_KEY_PREFIX = 'recovery:';

const digestOf = (token: string) => createHash('sha256').update(token).digest('hex');
/** The digests of a login's outstanding tokens (a set): revoked together without a scan. */
const tokensKeyOf = (username: string) => `recovery-tokens:${username}`;

// One step: store the token and index it under its login; the index outlives its newest member.
const ISSUE = `redis.call('set', KEYS[1], ARGV[1], 'PX', ARGV[2])
redis.call('sadd', KEYS[2], ARGV[3])
redis.call('pexpire', KEYS[2], ARGV[2])
return 1`;

// One step: delete every indexed token and the index.
const REVOKE = `local digests = redis.call('smembers', KEYS[1])
for _, digest in ipairs(digests) do redis.call('del', ARGV[1] .. digest) end
redis.call('del', KEYS[1])
return #digests`;

/** A plain SHA-256 is enough (no HMAC): the token has 256 bits of entropy, nothing to brute-force. */
export function resetTokenStore(redis: Redis): ResetTokenStore {
  return {
    async issue(username, ttlMs) {
      const token = randomBytes(TOKEN_BYTES).toString('base64url');
      const digest = digestOf(token);
      await redis.eval(ISSUE, 2, TOKEN_KEY_PREFIX + digest, tokensKeyOf(username), username, Math.max(1, Math.round(ttlMs)), digest);
      return token;
    },

    async peek(token) {
      return tokenPattern.test(token) ? redis.get(TOKEN_KEY_PREFIX + digestOf(token)) : null;
    },

    async consume(token) {
      return tokenPattern.test(token) ? redis.getdel(TOKEN_KEY_PREFIX + digestOf(token)) : null;
    },

    async revokeFor(username) {
      await redis.eval(REVOKE, 1, tokensKeyOf(username), TOKEN_KEY_PREFIX);
    },
  };
}
