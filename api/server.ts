import type { Server } from 'node:http';
import mongoose from 'mongoose';
import { loadConfigOrExit } from '../config';
import { pingMongo } from '../db/mongo';
import { createLogger } from '../logging/logger';
import { createRedisConnection, pingRedis } from '../redis/connection';
import { createTemporalClient, pingTemporal } from '../temporal/client';
import { createEncryptionCodec } from '../temporal/data-converter';
import { listenForMetrics } from '../metrics/serve';
import { createApp } from './app';
import { API_METRICS_PORT, ApiMetrics } from './metrics';
import { operatorCodecApp } from './routes/codec';

/** The API process: connects to its dependencies (lazily: it starts even if one is down) and listens. */
async function main(): Promise<void> {
  const config = loadConfigOrExit();
  const logger = createLogger(config.LOG_LEVEL, 'api');
  const mongo = mongoose.createConnection(config.MONGODB_URI, { serverSelectionTimeoutMS: 5000 });
  mongo.on('error', (error) => logger.warn({ err: error.message }, 'MongoDB connection error'));
  const redis = createRedisConnection(config.REDIS_URL);
  redis.on('error', (error) => logger.warn({ err: error.message }, 'Redis connection error'));
  const temporal = createTemporalClient(config);

  const metrics = new ApiMetrics();
  const app = createApp({
    metrics,
    config,
    temporal: temporal.client,
    mongo,
    redis,
    logger,
    readiness: { mongo: () => pingMongo(mongo), redis: () => pingRedis(redis), temporal: () => pingTemporal(temporal.connection) },
    codec: createEncryptionCodec(config.PAYLOAD_ENCRYPTION_KEY),
    temporalUiOrigin: new URL(config.TEMPORAL_UI_URL).origin,
  });
  const server: Server = app.listen(config.PORT, () => logger.info({ port: config.PORT }, 'API listening'));
  // The Temporal UI's codec endpoint of a local run: loopback only, a port of its own (api/routes/codec.ts).
  const operatorCodec = config.OPERATOR_CODEC_PORT
    ? operatorCodecApp(createEncryptionCodec(config.PAYLOAD_ENCRYPTION_KEY), new URL(config.TEMPORAL_UI_URL).origin, logger).listen(config.OPERATOR_CODEC_PORT, '127.0.0.1', () =>
        logger.info({ port: config.OPERATOR_CODEC_PORT }, 'operator codec endpoint listening on loopback'),
      )
    : undefined;

  const metricsPort = config.METRICS_PORT ?? API_METRICS_PORT;
  const metricsListener = metricsPort ? await listenForMetrics(metrics.registry, metricsPort, logger) : undefined;

  const stop = (signal: string) => {
    logger.info({ signal }, 'API stopping');
    operatorCodec?.close();
    void metricsListener?.close();
    server.close(async () => {
      await Promise.allSettled([redis.quit(), mongo.close(), temporal.connection.close()]);
      process.exit(0);
    });
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
