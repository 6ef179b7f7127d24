import express, { type Express } from 'express';
import type { Client } from '@temporalio/client';
import type { PayloadCodec } from '@temporalio/common';
import type { Redis } from 'ioredis';
import type { Connection } from 'mongoose';
import type { Config } from '../config';
import { customerProfileModel } from '../customers/customer-profile-model';
import { loginModel } from '../customers/login-model';
import type { Logger } from '../logging/logger';
import { errorHandler, notFoundHandler } from './errors';
import { ApiDocument } from './openapi';
import { keepRawBody } from './raw-body';
import { codecRoutes } from './routes/codec';
import { healthRoutes, type ReadinessCheck } from './routes/health';
import { orderRoutes } from './routes/orders';
import { sessionRoutes } from './routes/session';
import { signupRoutes } from './routes/signups';
import { sessionStore } from './session-auth';

export interface AppDeps {
  config: Pick<
    Config,
    | 'OPERATOR_TOKEN'
    | 'TEMPORAL_TASK_QUEUE'
    | 'USERNAME_DOMAIN'
    | 'SIGNUP_EXPIRY_MINUTES'
    | 'PUBLIC_BASE_URL'
    | 'ORDER_WEBHOOK_SECRET'
    | 'ORDER_REMINDER_AFTER_MINUTES'
    | 'ORDER_REGISTRATION_EXPIRY_MINUTES'
  >;
  temporal: Client;
  /** Customer profiles and logins (read by sign-in and the customer area). */
  mongo: Connection;
  /** Customer sessions. */
  redis: Redis;
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
  // The raw bytes are kept for signed webhooks (the order pipeline's HMAC covers them exactly).
  app.use(express.json({ limit: '64kb', strict: true, type: ['application/json', 'application/*+json'], verify: keepRawBody }));

  app.use(healthRoutes(docs, deps.readiness));
  app.use(codecRoutes(docs, deps.codec, deps.config.OPERATOR_TOKEN, deps.temporalUiOrigin));
  app.use(signupRoutes(docs, { temporal: deps.temporal, config: deps.config }));
  const sessions = sessionStore(deps.redis);
  app.use(sessionRoutes(docs, { logins: loginModel(deps.mongo), profiles: customerProfileModel(deps.mongo), sessions }));
  app.use(orderRoutes(docs, { temporal: deps.temporal, sessions, config: deps.config }));

  const openapi = docs.toJSON();
  app.get('/api/v1/openapi.json', (_req, res) => void res.json(openapi));

  app.use(notFoundHandler);
  app.use(errorHandler(deps.logger));
  return app;
}
