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
import { refuseCrossSiteRequests } from './cross-site-requests';
import { createRecovery } from '../recovery';
import { anonymousRateLimits } from './anonymous-rate-limits';
import { errorHandler, notFoundHandler } from './errors';
import { malformedUrlErrors } from './malformed-url';
import { operatorsOf } from './operator-auth';
import { operatorDashboard } from './operator-dashboard';
import type { ApiMetrics } from './metrics';
import { emailOutbox } from '../email/outbox';
import { createEmailQueue } from '../email/queue';
import { ApiDocument } from './openapi';
import { methodNotAllowed } from './method-not-allowed';
import { pageRoutes } from './pages';
import { keepRawBody } from './raw-body';
import { codecRoutes } from './routes/codec';
import { correctionRoutes } from './routes/corrections';
import { healthRoutes, type ReadinessCheck } from './routes/health';
import { loginRoutes } from './routes/logins';
import { myOrderRoutes } from './routes/my-orders';
import { orderRoutes } from './routes/orders';
import { passwordRoutes } from './routes/password';
import { profileRoutes } from './routes/profile';
import { recoveryRoutes } from './routes/recovery';
import { PasswordContexts } from './password-contexts';
import { sessionRoutes } from './routes/session';
import { signupRoutes } from './routes/signups';
import { securityHeaders } from './security-headers';
import { sessionCookiePolicy, sessionStore, useSessionCookiePolicy } from './session-auth';
import { signInLockout } from './sign-in-lockout';

export interface AppDeps {
  config: Pick<
    Config,
    | 'OPERATOR_TOKEN'
    | 'OPERATOR_TOKENS'
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
    | 'NODE_ENV'
    | 'TRUST_PROXY'
    | 'SIGN_IN_RATE_LIMIT_TOTAL_PER_MINUTE'
    | 'LOGIN_DELAY_MAX_MS'
    | 'SIGNUP_RATE_LIMIT_PER_MINUTE'
    | 'SIGNUP_RATE_LIMIT_TOTAL_PER_MINUTE'
    | 'PRIVILEGED_SESSION_MINUTES'
    | 'EMAIL_MAX_ATTEMPTS'
    | 'EMAIL_BACKOFF_MS'
    | 'PAYLOAD_ENCRYPTION_KEY'
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
  /** BullMQ's key prefix of the e-mail queue the dashboard shows (tests use one per suite). @defaultValue bull */
  emailQueuePrefix?: string;
  /** Times every request and counts registrations (api/metrics.ts); omitted: not measured. */
  metrics?: ApiMetrics;
}

/** The Express app: thin routes, one error middleware. Built without listening, so tests can use port 0. */
export function createApp(deps: AppDeps): Express {
  const app = express();
  const docs = new ApiDocument();
  app.disable('x-powered-by');
  if (deps.metrics) app.use(deps.metrics.middleware());
  app.use(securityHeaders(deps.config));
  // Only the balancers named by TRUST_PROXY may say who the client is and whether it came over https.
  app.set('trust proxy', deps.config.TRUST_PROXY);
  useSessionCookiePolicy(app, sessionCookiePolicy(deps.config));
  app.use(refuseCrossSiteRequests(deps.config.PUBLIC_BASE_URL));
  app.use(methodNotAllowed(docs, { except: ['OPTIONS'] }));
  // The raw bytes are kept for signed webhooks (the order pipeline's HMAC covers them exactly).
  app.use(express.json({ limit: '64kb', strict: true, type: ['application/json', 'application/*+json'], verify: keepRawBody }));

  app.use(healthRoutes(docs, deps.readiness));
  app.use(codecRoutes(docs, deps.codec, operatorsOf(deps.config), deps.temporalUiOrigin));
  const emailQueue = createEmailQueue(deps.redis, { maxAttempts: deps.config.EMAIL_MAX_ATTEMPTS, backoffMs: deps.config.EMAIL_BACKOFF_MS, prefix: deps.emailQueuePrefix });
  // The queue re-emits its connection's errors, which the connection's own listener reports
  // (api/server.ts); unheard, BullMQ would print each one again to the console.
  emailQueue.on('error', () => undefined);
  app.use(
    operatorDashboard({
      queue: emailQueue,
      outbox: emailOutbox(deps.mongo, deps.config.PAYLOAD_ENCRYPTION_KEY),
      operators: operatorsOf(deps.config),
      secret: deps.config.SESSION_SECRET,
      alwaysSecure: sessionCookiePolicy(deps.config).alwaysSecure,
      logger: deps.logger,
    }),
  );
  // Before every router: the per-address and total budgets of the endpoints that hash, start a workflow or send an e-mail.
  app.use(anonymousRateLimits(deps.redis, deps.config));
  const passwordContexts = new PasswordContexts(Math.round(deps.config.SIGNUP_EXPIRY_MINUTES * 60_000));
  app.use(signupRoutes(docs, { temporal: deps.temporal, passwordContexts, config: deps.config }));
  const sessions = sessionStore(deps.redis);
  const { config } = deps;
  const lockout = signInLockout(deps.redis, {
    attempts: config.LOGIN_LOCKOUT_ATTEMPTS,
    lockoutMs: Math.round(config.LOGIN_LOCKOUT_MINUTES * 60_000),
    maxDelayMs: config.LOGIN_DELAY_MAX_MS,
  });
  const recovery = createRecovery({
    logins: loginModel(deps.mongo),
    profiles: customerProfileModel(deps.mongo),
    redis: deps.redis,
    sessions,
    temporal: deps.temporal,
    taskQueue: config.TEMPORAL_TASK_QUEUE,
    publicBaseUrl: config.PUBLIC_BASE_URL,
    tokenTtlMs: Math.round(config.RECOVERY_TOKEN_MINUTES * 60_000),
    secret: config.SESSION_SECRET,
    clearSignInLockout: (username) => lockout.clear(username),
  });
  const privilegedWindowMs = Math.round(config.PRIVILEGED_SESSION_MINUTES * 60_000);
  app.use(sessionRoutes(docs, { logins: loginModel(deps.mongo), profiles: customerProfileModel(deps.mongo), sessions, lockout }));
  app.use(passwordRoutes(docs, { recovery, sessions, privilegedWindowMs }));
  app.use(orderRoutes(docs, { temporal: deps.temporal, sessions, config: deps.config }));
  app.use(loginRoutes(docs, { temporal: deps.temporal, sessions, profiles: customerProfileModel(deps.mongo), config: deps.config }));
  app.use(myOrderRoutes(docs, { sessions, orders: orderModel(deps.mongo), services: serviceModel(deps.mongo), idSecret: deps.config.SESSION_SECRET }));
  app.use(
    profileRoutes(docs, {
      profiles: customerProfileModel(deps.mongo),
      profileLock: new ProfileLock(deps.redis),
      sessions,
      temporal: deps.temporal,
      taskQueue: config.TEMPORAL_TASK_QUEUE,
      privilegedWindowMs,
    }),
  );
  app.use(recoveryRoutes(docs, { recovery, redis: deps.redis }));
  app.use(correctionRoutes(docs, { temporal: deps.temporal, profiles: customerProfileModel(deps.mongo), corrections: profileCorrectionModel(deps.mongo), sessions, config: deps.config }));

  app.use(pageRoutes({ sessionSecret: deps.config.SESSION_SECRET, mongo: deps.mongo, logger: deps.logger }));

  const openapi = docs.toJSON();
  app.get('/api/v1/openapi.json', (_req, res) => void res.json(openapi));

  app.use(methodNotAllowed(docs));
  app.use(notFoundHandler);
  app.use(malformedUrlErrors);
  app.use(errorHandler(deps.logger));
  return app;
}
