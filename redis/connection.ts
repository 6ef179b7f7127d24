import { Redis } from 'ioredis';

/** A Redis connection as BullMQ needs it (blocking commands must not give up after N retries). */
export function createRedisConnection(url: string): Redis {
  return new Redis(url, { maxRetriesPerRequest: null, lazyConnect: false });
}

export async function pingRedis(redis: Redis): Promise<boolean> {
  // While reconnecting, a command would wait in the offline queue: report down at once instead.
  if (redis.status !== 'ready') return false;
  try {
    return (await redis.ping()) === 'PONG';
  } catch {
    return false;
  }
}
