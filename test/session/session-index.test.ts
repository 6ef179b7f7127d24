import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import { createRedisConnection } from '../../redis/connection';
import { SESSION_ABSOLUTE_TTL_MS, sessionStore } from '../../sessions/session-store';
import { testServers, uniqueName } from '../support/stack';

const redisKeyOf = (sessionId: string) => `sess:${createHash('sha256').update(sessionId).digest('hex')}`;

describe('the session store ends every session of one login (per-login index in Redis)', () => {
  let redis: Redis;
  beforeAll(() => {
    redis = createRedisConnection(testServers.redisUrl);
  });
  afterAll(() => redis.quit());

  const store = () => sessionStore(redis);
  const login = () => ({ username: `${uniqueName('u')}@aruba.it`, profileId: 'p-1' });

  it('ends all sessions of a login and none of another', async () => {
    const [mario, anna] = [login(), login()];
    const marios = [await store().create(mario), await store().create(mario)];
    const annas = await store().create(anna);

    expect(await store().destroyAllFor(mario.username)).toBe(2);
    for (const sessionId of marios) expect(await store().resume(sessionId)).toBeNull();
    expect(await store().resume(annas)).toMatchObject({ username: anna.username });
    expect(await redis.exists(`sess-user:${mario.username}`)).toBe(0);
    expect(await store().destroyAllFor(mario.username)).toBe(0);
  });

  it('keeps the index to live sessions: sign-out and expiry take their session out', async () => {
    const mario = login();
    const [kept, signedOut, expired] = [await store().create(mario), await store().create(mario), await store().create(mario)];
    await store().destroy(signedOut);
    await redis.set(redisKeyOf(expired), JSON.stringify({ ...mario, createdAt: new Date(Date.now() - SESSION_ABSOLUTE_TTL_MS - 1).toISOString() }), 'PX', 60_000);
    expect(await store().resume(expired)).toBeNull();

    expect(await redis.smembers(`sess-user:${mario.username}`)).toEqual([redisKeyOf(kept).slice('sess:'.length)]);
    expect(await store().destroyAllFor(mario.username)).toBe(1);
  });

  it('lets the index expire no later than the absolute limit of its newest session', async () => {
    const mario = login();
    await store().create(mario);
    const ttl = await redis.pttl(`sess-user:${mario.username}`);
    expect(ttl).toBeGreaterThan(SESSION_ABSOLUTE_TTL_MS - 60_000);
    expect(ttl).toBeLessThanOrEqual(SESSION_ABSOLUTE_TTL_MS);
    await store().destroyAllFor(mario.username);
  });

  it('counts a session that already expired in Redis as not live', async () => {
    const mario = login();
    const sessionId = await store().create(mario);
    await redis.del(redisKeyOf(sessionId));
    expect(await store().destroyAllFor(mario.username)).toBe(0);
    expect(await redis.exists(`sess-user:${mario.username}`)).toBe(0);
  });
});
