import mongoose from 'mongoose';
import { createApp } from '../../api/app';
import { pingMongo } from '../../db/mongo';
import { createLogger } from '../../logging/logger';
import { createRedisConnection, pingRedis } from '../../redis/connection';
import { freePort } from '../../stack/process';
import { createTemporalClient, pingTemporal } from '../../temporal/client';
import { createEncryptionCodec } from '../../temporal/data-converter';
import { json, listen } from '../support/http';
import { testConfig } from '../support/stack';

/** /readyz as the API process wires it, against the real servers and against a dead one. */
describe('readiness against real servers', () => {
  it('is 200 when MongoDB, Redis and Temporal answer, and 503 naming Redis when it does not', async () => {
    const config = testConfig();
    const mongo = await mongoose.createConnection(config.MONGODB_URI).asPromise();
    const redis = createRedisConnection(config.REDIS_URL);
    if (redis.status !== 'ready') await new Promise((resolve) => redis.once('ready', resolve)); // readiness says "down" while connecting
    const deadRedis = createRedisConnection(`redis://127.0.0.1:${await freePort()}`);
    deadRedis.on('error', () => undefined);
    const temporal = createTemporalClient(config);
    const build = (redisCheck: () => Promise<boolean>) =>
      listen(
        createApp({
          config,
          temporal: temporal.client,
          mongo,
          redis,
          logger: createLogger('silent', 'test'),
          readiness: { mongo: () => pingMongo(mongo), redis: redisCheck, temporal: () => pingTemporal(temporal.connection) },
          codec: createEncryptionCodec(config.PAYLOAD_ENCRYPTION_KEY),
          temporalUiOrigin: 'http://localhost:8233',
        }),
      );
    const healthy = await build(() => pingRedis(redis));
    const broken = await build(() => pingRedis(deadRedis));
    try {
      const ok = await fetch(healthy.url('/readyz'));
      expect(await json(ok)).toEqual({ status: 'ready', checks: { mongo: 'up', redis: 'up', temporal: 'up' } });
      expect(ok.status).toBe(200);
      const down = await fetch(broken.url('/readyz'));
      expect(down.status).toBe(503);
      expect((await json(down)).checks).toEqual({ mongo: 'up', redis: 'down', temporal: 'up' });
    } finally {
      await temporal.connection.close();
      await Promise.all([healthy.close(), broken.close()]);
      deadRedis.disconnect();
      await redis.quit();
      await mongo.close();
    }
  });
});
