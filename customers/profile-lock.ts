import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { ConflictError } from '../domain/errors';

/** Deletes the lease only if this holder still owns it. */
const RELEASE = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`;

/**
 * 409 `profile_busy`: another writer held the profile for longer than we waited. Its class name is
 * not in NON_RETRYABLE_ERROR_TYPES, so an activity that meets it is retried by Temporal.
 */
export class ProfileBusyError extends ConflictError {
  constructor() {
    super('profile_busy', 'the profile is being changed by another request');
  }
}

export interface ProfileLockOptions {
  /**
   * How long a lease lasts if its holder dies without releasing it.
   * @defaultValue 5000
   */
  leaseMs?: number;
  /**
   * How long a writer waits for a held lease before giving up with ProfileBusyError.
   * @defaultValue 2000
   */
  waitMs?: number;
  /**
   * Pause between two tries (plus up to as much again of jitter).
   * @defaultValue 25
   */
  retryEveryMs?: number;
}

/**
 * One writer per customer profile at a time: a Redis lease (`SET NX PX`) on
 * `anagrafica:profile-lock:<profileId>`. FerretDB 1.x applies updates as unisolated
 * read-modify-write (docs/decisions.md), so two concurrent edits of one profile could lose one;
 * every writer of a profile (the PATCH use case, the correction activity) goes through here.
 */
export class ProfileLock {
  private readonly leaseMs: number;
  private readonly waitMs: number;
  private readonly retryEveryMs: number;

  constructor(
    private readonly redis: Redis,
    options: ProfileLockOptions = {},
    private readonly prefix = 'anagrafica:profile-lock',
  ) {
    this.leaseMs = options.leaseMs ?? 5000;
    this.waitMs = options.waitMs ?? 2000;
    this.retryEveryMs = options.retryEveryMs ?? 25;
  }

  /** Runs `work` holding the profile's lease; throws ProfileBusyError when it cannot be had in time. */
  async withLease<T>(profileId: string, work: () => Promise<T>): Promise<T> {
    const key = `${this.prefix}:${profileId}`;
    const token = randomUUID();
    const giveUpAt = Date.now() + this.waitMs;
    while ((await this.redis.set(key, token, 'PX', this.leaseMs, 'NX')) !== 'OK') {
      if (Date.now() >= giveUpAt) throw new ProfileBusyError();
      await new Promise((resolve) => setTimeout(resolve, this.retryEveryMs * (1 + Math.random())));
    }
    try {
      return await work();
    } finally {
      await this.redis.eval(RELEASE, 1, key, token);
    }
  }
}
