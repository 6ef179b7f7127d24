import { isIPv4, isIPv6 } from 'node:net';
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
  /** Names the limit in Redis keys, e.g. `sign-in`, `registration`. */
  name: string;
  /** Requests allowed per window and client address (an IPv6 /64 is one address). */
  limit: number;
  /** Requests allowed per window from all addresses together; none when absent. */
  totalLimit?: number;
  windowMs: number;
  /** What is limited instead of the client address. */
  key?: (req: Request) => string;
}

// INCR and PEXPIRE in one step: Redis counts atomically for every API replica.
const HIT = `local n = redis.call('incr', KEYS[1]) if n == 1 then redis.call('pexpire', KEYS[1], ARGV[1]) end return {n, redis.call('pttl', KEYS[1])}`;

// The client's counter, then (if the client is within its budget) the shared one: one round trip.
// ARGV: window ms, client limit, total limit. Answers {allowed (1/0), ms until the full counter resets}.
const HIT_CLIENT_THEN_TOTAL = `
local function count(key)
  local n = redis.call('incr', key)
  if n == 1 then redis.call('pexpire', key, ARGV[1]) end
  return n
end
if count(KEYS[1]) > tonumber(ARGV[2]) then return {0, redis.call('pttl', KEYS[1])} end
if #KEYS > 1 and count(KEYS[2]) > tonumber(ARGV[3]) then return {0, redis.call('pttl', KEYS[2])} end
return {1, 0}`;

/** Counts one hit and says whether it is over the limit; shared by middleware and use cases. */
export async function hit(redis: Redis, name: string, key: string, limit: number, windowMs: number): Promise<{ allowed: boolean; retryAfterSeconds: number }> {
  const [count, ttl] = (await redis.eval(HIT, 1, `rl:${name}:${key}`, windowMs)) as [number, number];
  return { allowed: count <= limit, retryAfterSeconds: Math.max(1, Math.ceil(ttl / 1000)) };
}

/** The eight 16-bit groups of an IPv6 address, `::` expanded (an embedded IPv4 tail counts as two groups). */
function ipv6Groups(address: string): number[] {
  const [head = '', tail] = address.split('::');
  const parse = (part: string) =>
    part === ''
      ? []
      : part.split(':').flatMap((group) => {
          if (!group.includes('.')) return [Number.parseInt(group, 16)];
          const [a = 0, b = 0, c = 0, d = 0] = group.split('.').map(Number);
          return [(a << 8) | b, (c << 8) | d];
        });
  const first = parse(head);
  const last = tail === undefined ? [] : parse(tail);
  return [...first, ...Array<number>(8 - first.length - last.length).fill(0), ...last];
}

/**
 * The bucket of a client address: an IPv4 address as it is, an IPv6 address by its /64 (the
 * smallest block a provider hands one customer, so one customer rotating through it is one
 * client), an IPv4-mapped IPv6 address as its IPv4. Anything else (no address) shares one bucket.
 */
export function clientAddressKey(ip: string | undefined): string {
  const address = (ip ?? '').replace(/%.*$/, '');
  if (isIPv4(address)) return address;
  if (!isIPv6(address)) return 'unknown';
  const groups = ipv6Groups(address.toLowerCase());
  if (groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff) {
    const [hi = 0, lo = 0] = groups.slice(6);
    return `${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`;
  }
  return `${groups.slice(0, 4).map((g) => g.toString(16)).join(':')}::/64`;
}

/**
 * Fixed-window rate limit in Redis, per client address (`req.ip`, which honours the app's proxy
 * settings) and, with `totalLimit`, for all addresses together: over either → 429 with Retry-After.
 * The address is counted first, so one noisy client spends its own budget before the shared one;
 * both counters move in one Lua script (one round trip; single-node Redis, as BullMQ's).
 */
export function rateLimit(redis: Redis, options: RateLimitOptions): RequestHandler {
  return async (req, _res, next) => {
    const key = options.key?.(req) ?? clientAddressKey(req.ip);
    const keys = [`rl:${options.name}:${key}`, ...(options.totalLimit === undefined ? [] : [`rl:${options.name}-total:all`])];
    const [allowed, ttl] = (await redis.eval(HIT_CLIENT_THEN_TOTAL, keys.length, ...keys, options.windowMs, options.limit, options.totalLimit ?? 0)) as [number, number];
    next(allowed ? undefined : new RateLimitedError(Math.max(1, Math.ceil(ttl / 1000))));
  };
}
