import express, { type Express } from 'express';
import type { Client } from '@temporalio/client';
import type { PayloadCodec } from '@temporalio/common';
import type { Redis } from 'ioredis';
import type { Connection } from 'mongoose';
import type { Config } from '../config';
import { customerProfileModel } from '../customers/customer-profile-model';
import { profileCorrectionModel } from '../customers/correction-model';
import { loginModel } from '../customers/login-model';
import { ProfileLock } from '../customers/profile-lock';
import type { Logger } from '../logging/logger';
import { orderModel } from '../orders/order-model';
import { serviceModel } from '../orders/service-model';
import { errorHandler, notFoundHandler } from './errors';
import { ApiDocument } from './openapi';
import { methodNotAllowed } from './method-not-allowed';
import { keepRawBody } from './raw-body';
import { codecRoutes } from './routes/codec';
import { correctionRoutes } from './routes/corrections';
import { healthRoutes, type ReadinessCheck } from './routes/health';
import { loginRoutes } from './routes/logins';
import { myOrderRoutes } from './routes/my-orders';
import { orderRoutes } from './routes/orders';
import { profileRoutes } from './routes/profile';
import { recoveryRoutes } from './routes/recovery';
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
    | 'LOGIN_REQUEST_EXPIRY_MINUTES'
    | 'LOGIN_LOCKOUT_ATTEMPTS'
    | 'LOGIN_LOCKOUT_MINUTES'
    | 'SIGN_IN_RATE_LIMIT_PER_MINUTE'
    | 'CORRECTION_DEADLINE_HOURS'
    | 'RECOVERY_TOKEN_MINUTES'
    | 'SESSION_SECRET'
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
  app.use(methodNotAllowed(docs, { except: ['OPTIONS'] }));
  // The raw bytes are kept for signed webhooks (the order pipeline's HMAC covers them exactly).
  app.use(express.json({ limit: '64kb', strict: true, type: ['application/json', 'application/*+json'], verify: keepRawBody }));

  app.use(healthRoutes(docs, deps.readiness));
  app.use(codecRoutes(docs, deps.codec, deps.config.OPERATOR_TOKEN, deps.temporalUiOrigin));
  app.use(signupRoutes(docs, { temporal: deps.temporal, config: deps.config }));
  const sessions = sessionStore(deps.redis);
  app.use(sessionRoutes(docs, { logins: loginModel(deps.mongo), profiles: customerProfileModel(deps.mongo), sessions, redis: deps.redis, config: deps.config }));
  app.use(orderRoutes(docs, { temporal: deps.temporal, sessions, config: deps.config }));
  app.use(loginRoutes(docs, { temporal: deps.temporal, sessions, profiles: customerProfileModel(deps.mongo), config: deps.config }));
  app.use(myOrderRoutes(docs, { sessions, orders: orderModel(deps.mongo), services: serviceModel(deps.mongo), idSecret: deps.config.SESSION_SECRET }));
  app.use(profileRoutes(docs, { profiles: customerProfileModel(deps.mongo), profileLock: new ProfileLock(deps.redis), sessions }));
  app.use(recoveryRoutes(docs, { temporal: deps.temporal, redis: deps.redis, logins: loginModel(deps.mongo), profiles: customerProfileModel(deps.mongo), sessions, config: deps.config }));
  app.use(correctionRoutes(docs, { temporal: deps.temporal, profiles: customerProfileModel(deps.mongo), corrections: profileCorrectionModel(deps.mongo), sessions, config: deps.config }));

  const openapi = docs.toJSON();
  app.get('/api/v1/openapi.json', (_req, res) => void res.json(openapi));

  app.use(methodNotAllowed(docs));
  app.use(notFoundHandler);
  app.use(errorHandler(deps.logger));
  return app;
}
