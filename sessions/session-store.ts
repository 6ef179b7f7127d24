import { createHash, randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import { z } from 'zod';

/** Who a session belongs to: the login that signed in and its customer profile. */
export interface SessionLogin {
  username: string;
  profileId: string;
}

export interface StoredSession extends SessionLogin {
  /** When the customer signed in; the absolute limit counts from here. */
  createdAt: Date;
  /** When the customer last gave the password (sign-in or reauthentication): privileged actions look here. */
  authenticatedAt: Date;
}

export interface SessionStoreOptions {
  /**
   * A session unused for this long ends; every use starts the count again.
   * @defaultValue 28_800_000 (8 h)
   */
  idleTtlMs?: number;
  /**
   * A session ends this long after sign-in, however often it is used.
   * @defaultValue 604_800_000 (7 days)
   */
  absoluteTtlMs?: number;
}

export interface SessionStore {
  /** Starts a session for a login; returns the new session id, which only the cookie holds. */
  create(login: SessionLogin): Promise<string>;
  /** The session of an id, its idle time restarted; null when unknown or expired. */
  resume(sessionId: string): Promise<StoredSession | null>;
  /** Ends a session; ending an unknown one is not an error. */
  destroy(sessionId: string): Promise<void>;
  /** The customer gave the password again: `authenticatedAt` becomes now, expiry unchanged; false when the session is gone. */
  reauthenticate(sessionId: string): Promise<boolean>;
  /** Ends every session of a login (after a password change), but `exceptSessionId`; returns how many were live. */
  destroyAllFor(username: string, exceptSessionId?: string): Promise<number>;
}

export const SESSION_IDLE_TTL_MS = 8 * 60 * 60_000;
export const SESSION_ABSOLUTE_TTL_MS = 7 * 24 * 60 * 60_000;

/** 32 random bytes (256 bits) as base64url: 43 characters. */
const SESSION_ID_BYTES = 32;
const sessionIdPattern = /^[A-Za-z0-9_-]{43}$/;

// Sessions written before `authenticatedAt` existed count as authenticated when created.
const storedSessionSchema = z.object({ username: z.string(), profileId: z.string(), createdAt: z.iso.datetime(), authenticatedAt: z.iso.datetime().optional() });

/** Redis keeps only the SHA-256 of the id, so a dump or a replica yields no usable cookie. */
const digestOf = (sessionId: string) => createHash('sha256').update(sessionId).digest('hex');
const keyOfDigest = (digest: string) => `sess:${digest}`;
/** The digests of one login's sessions (a set), so all of them can be ended without a scan. */
const loginIndexKeyOf = (username: string) => `sess-user:${username}`;

/** MULTI and pipelines answer each command with its own error; one failed write must not pass silently. */
function assertExecuted(results: Array<[Error | null, unknown]> | null): Array<[Error | null, unknown]> {
  const failure = results === null ? new Error('Redis transaction aborted') : results.find(([error]) => error)?.[0];
  if (failure) throw failure;
  return results ?? [];
}

/** A record this code did not write (or a corrupted one) is no session, not a 500. */
function parseRecord(raw: string): z.output<typeof storedSessionSchema> | null {
  try {
    const parsed = storedSessionSchema.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

function isSessionIdShaped(value: string): boolean {
  return sessionIdPattern.test(value);
}

/** Sessions in Redis, where expiry is native; MongoDB (FerretDB) would need sweeping and non-isolated updates. */
export function sessionStore(redis: Redis, options: SessionStoreOptions = {}): SessionStore {
  const idleTtlMs = options.idleTtlMs ?? SESSION_IDLE_TTL_MS;
  const absoluteTtlMs = options.absoluteTtlMs ?? SESSION_ABSOLUTE_TTL_MS;

  return {
    async create(login) {
      const sessionId = randomBytes(SESSION_ID_BYTES).toString('base64url');
      const digest = digestOf(sessionId);
      const now = new Date().toISOString();
      const record = { username: login.username, profileId: login.profileId, createdAt: now, authenticatedAt: now };
      const indexKey = loginIndexKeyOf(login.username);
      // One transaction: no live session is ever missing from its login's index. The index outlives
      // every member (none lives past the absolute limit), and stale members are harmless.
      const results = await redis
        .multi()
        .sadd(indexKey, digest)
        .pexpire(indexKey, absoluteTtlMs)
        .set(keyOfDigest(digest), JSON.stringify(record), 'PX', Math.min(idleTtlMs, absoluteTtlMs))
        .exec();
      assertExecuted(results);
      return sessionId;
    },

    async resume(sessionId) {
      if (!isSessionIdShaped(sessionId)) return null;
      const digest = digestOf(sessionId);
      const key = keyOfDigest(digest);
      const raw = await redis.get(key);
      if (raw === null) return null;
      const record = parseRecord(raw);
      const createdAt = new Date(record?.createdAt ?? 0);
      const remainingMs = createdAt.getTime() + absoluteTtlMs - Date.now();
      if (!record || remainingMs <= 0) {
        await redis.del(key);
        if (record) await redis.srem(loginIndexKeyOf(record.username), digest);
        return null;
      }
      // Sliding idle expiry, never past the absolute limit. A sign-out racing this finds no key: PEXPIRE does nothing.
      await redis.pexpire(key, Math.min(idleTtlMs, remainingMs));
      return { username: record.username, profileId: record.profileId, createdAt, authenticatedAt: new Date(record.authenticatedAt ?? record.createdAt) };
    },

    async reauthenticate(sessionId) {
      if (!isSessionIdShaped(sessionId)) return false;
      const key = keyOfDigest(digestOf(sessionId));
      const raw = await redis.get(key);
      const record = raw === null ? null : parseRecord(raw);
      if (!record) return false;
      // KEEPTTL: the idle and absolute limits stay as they were; XX: a session ended meanwhile stays ended.
      const updated = await redis.set(key, JSON.stringify({ ...record, authenticatedAt: new Date().toISOString() }), 'KEEPTTL', 'XX');
      return updated === 'OK';
    },

    async destroy(sessionId) {
      if (!isSessionIdShaped(sessionId)) return;
      const digest = digestOf(sessionId);
      const raw = await redis.getdel(keyOfDigest(digest));
      const username = raw === null ? undefined : parseRecord(raw)?.username;
      if (username) await redis.srem(loginIndexKeyOf(username), digest);
    },

    async destroyAllFor(username, exceptSessionId) {
      const indexKey = loginIndexKeyOf(username);
      const kept = exceptSessionId && isSessionIdShaped(exceptSessionId) ? digestOf(exceptSessionId) : undefined;
      const digests = (await redis.smembers(indexKey)).filter((digest) => digest !== kept);
      if (digests.length === 0) return 0;
      // Only the members read are removed: a session created meanwhile stays indexed, so a later call ends it.
      const pipeline = redis.pipeline();
      for (const digest of digests) pipeline.del(keyOfDigest(digest));
      pipeline.srem(indexKey, ...digests);
      const results = assertExecuted(await pipeline.exec());
      return results.slice(0, digests.length).reduce((ended, [, deleted]) => ended + Number(deleted), 0);
    },
  };
}
