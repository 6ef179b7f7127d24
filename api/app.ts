import express, { type Express } from 'express';
import type { Client } from '@temporalio/client';
import type { PayloadCodec } from '@temporalio/common';
import type { Config } from '../config';
import type { Logger } from '../logging/logger';
import { errorHandler, notFoundHandler } from './errors';
import { ApiDocument } from './openapi';
import { codecRoutes } from './routes/codec';
import { healthRoutes, type ReadinessCheck } from './routes/health';
import { signupRoutes } from './routes/signups';

export interface AppDeps {
  config: Pick<Config, 'OPERATOR_TOKEN' | 'TEMPORAL_TASK_QUEUE' | 'USERNAME_DOMAIN' | 'SIGNUP_EXPIRY_MINUTES'>;
  temporal: Client;
  logger: Logger;
  readiness: Record<string, ReadinessCheck>;
  codec: PayloadCodec;
  /** Origin of the Temporal UI, allowed to call the codec endpoint. */
  temporalUiOrigin: string;
}

/** The Express app: thin routes, one error middleware. Built without listening, so tests can use port 0. */
export function createApp(deps: AppDeps): Express {
  const app = express();
  const docs = new ApiDocument();
  app.disable('x-powered-by');
  app.set('trust proxy', 'loopback');
  app.use(express.json({ limit: '64kb', strict: true, type: ['application/json', 'application/*+json'] }));

  app.use(healthRoutes(docs, deps.readiness));
  app.use(codecRoutes(docs, deps.codec, deps.config.OPERATOR_TOKEN, deps.temporalUiOrigin));
  app.use(signupRoutes(docs, { temporal: deps.temporal, config: deps.config }));

  const openapi = docs.toJSON();
  app.get('/api/v1/openapi.json', (_req, res) => void res.json(openapi));

  app.use(notFoundHandler);
  app.use(errorHandler(deps.logger));
  return app;
}
