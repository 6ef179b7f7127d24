import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';

/** Deletes the lease only if this holder still owns it. */
const RELEASE = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`;

/**
 * Who may send one outbox e-mail right now: a Redis lease (`SET NX PX`), atomic on every store.
 * The outbox's own conditional update is atomic on MongoDB, but FerretDB 1.x applies updates as
 * read-modify-write without isolation (see docs/decisions.md), so mutual exclusion lives here.
 * A holder that dies simply lets the lease expire.
 */
export class SendLease {
  constructor(
    private readonly redis: Redis,
    private readonly prefix = 'anagrafica:email-lease',
  ) {}

  /** A token when the lease was taken, null when someone else holds it. */
  async acquire(outboxId: string, ms: number): Promise<string | null> {
    const token = randomUUID();
    const ok = await this.redis.set(`${this.prefix}:${outboxId}`, token, 'PX', ms, 'NX');
    return ok === 'OK' ? token : null;
  }

  async release(outboxId: string, token: string): Promise<void> {
    await this.redis.eval(RELEASE, 1, `${this.prefix}:${outboxId}`, token);
  }
}
