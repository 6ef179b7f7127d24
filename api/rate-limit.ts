import type { Request, RequestHandler } from 'express';
import type { Redis } from 'ioredis';
import { AppError } from '../domain/errors';

/** 429: too many requests; `retryAfterSeconds` becomes the Retry-After header. */
export class RateLimitedError extends AppError {
  readonly code = 'rate_limited';
  readonly status = 429;
  constructor(readonly retryAfterSeconds: number) {
    super('too many requests');
  }
}

export interface RateLimitOptions {
  /** Names the limit in Redis keys, e.g. `sign-in`, `recovery`. */
  name: string;
  /** Requests allowed per window and key. */
  limit: number;
  windowMs: number;
  /** What is limited; default: the client address (`req.ip`, proxies trusted per app settings). */
  key?: (req: Request) => string;
}

// INCR and PEXPIRE in one step: Redis counts atomically for every API replica.
const HIT = `local n = redis.call('incr', KEYS[1]) if n == 1 then redis.call('pexpire', KEYS[1], ARGV[1]) end return {n, redis.call('pttl', KEYS[1])}`;

/** Counts one hit and says whether it is over the limit; shared by middleware and use cases. */
export async function hit(redis: Redis, name: string, key: string, limit: number, windowMs: number): Promise<{ allowed: boolean; retryAfterSeconds: number }> {
  const [count, ttl] = (await redis.eval(HIT, 1, `rl:${name}:${key}`, windowMs)) as [number, number];
  return { allowed: count <= limit, retryAfterSeconds: Math.max(1, Math.ceil(ttl / 1000)) };
}

/** Fixed-window rate limit in Redis, per client address by default: over the limit → 429 with Retry-After. */
export function rateLimit(redis: Redis, options: RateLimitOptions): RequestHandler {
  return async (req, _res, next) => {
    const key = options.key?.(req) ?? req.ip ?? 'unknown';
    const { allowed, retryAfterSeconds } = await hit(redis, options.name, key, options.limit, options.windowMs);
    next(allowed ? undefined : new RateLimitedError(retryAfterSeconds));
  };
}
