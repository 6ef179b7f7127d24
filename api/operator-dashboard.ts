import { createHmac, timingSafeEqual } from 'node:crypto';
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import express, { Router, type Request, type RequestHandler } from 'express';
import { ConflictError, ForbiddenError, UnauthorizedError } from '../domain/errors';
import type { EmailOutbox } from '../email/outbox';
import type { EmailQueue } from '../email/queue';
import type { Logger } from '../logging/logger';
import { operatorWithToken, type NamedOperator } from './operator-auth';

export const DASHBOARD_PATH = '/operator/queues';
const COOKIE_HOURS = 8;

export interface OperatorDashboardDeps {
  queue: EmailQueue;
  outbox: EmailOutbox;
  operators: NamedOperator[];
  /** Signs the dashboard cookie (SESSION_SECRET). */
  secret: string;
  /** `__Host-` and always Secure outside development over http (as the session cookie). */
  alwaysSecure: boolean;
  logger: Logger;
}

/**
 * The dashboard cookie: `<operator id>.<expiry ms>.<HMAC>`, never the token itself, so a stolen
 * cookie lasts hours and names its operator.
 */
function dashboardCookie(secret: string) {
  const mac = (body: string) => createHmac('sha256', secret).update(`operator-dashboard:${body}`).digest('base64url');
  return {
    issue: (operatorId: string, now = Date.now()): string => {
      const body = `${operatorId}.${now + COOKIE_HOURS * 3_600_000}`;
      return `${body}.${mac(body)}`;
    },
    operatorOf: (value: string, operators: NamedOperator[], now = Date.now()): string | undefined => {
      const [id, expiry, signature] = value.split('.');
      if (!id || !expiry || !signature || Number(expiry) < now) return undefined;
      const expected = Buffer.from(mac(`${id}.${expiry}`));
      const given = Buffer.from(signature);
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
      // A removed operator's cookie stops working with the removal.
      return operators.some((operator) => operator.id === id) ? id : undefined;
    },
  };
}

function cookieValue(req: Request, name: string): string | undefined {
  for (const pair of (req.get('cookie') ?? '').split(';')) {
    const eq = pair.indexOf('=');
    if (eq > 0 && pair.slice(0, eq).trim() === name) return pair.slice(eq + 1).trim();
  }
  return undefined;
}

const SIGN_IN_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Operators: e-mail queue</title></head>
<body><main><h1>E-mail queue dashboard</h1>
<form method="post" action="${DASHBOARD_PATH}/sign-in"><label for="token">Operator token</label>
<input id="token" name="token" type="password" autocomplete="current-password" required>
<button type="submit">Sign in</button></form></main></body></html>`;

const BOARD_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "object-src 'none'",
].join('; ');

/** bull-board's routes an operator may call that change something: retrying one job, or every failed one. */
const RETRY_ONE = /^\/api\/queues\/([^/]+)\/([^/]+)\/retry$/;
const RETRY_FAILED = /^\/api\/queues\/([^/]+)\/retry\/failed$/;

/**
 * bull-board at `/operator/queues`, for operators only: `Authorization: Bearer <token>`, or the
 * cookie that `POST /operator/queues/sign-in` sets from a token (a browser cannot add the header).
 * Read-only but for retries, and a retry goes through the outbox: the failed or abandoned row is
 * reopened (`queued`, with the operator's id) before BullMQ retries the job, so the row, not the
 * job, stays the source of truth. Cleaning, adding, editing or obliterating jobs answers 403.
 */
export function operatorDashboard(deps: OperatorDashboardDeps): Router {
  const { queue, outbox, operators, logger } = deps;
  const cookieName = deps.alwaysSecure ? '__Host-operator' : 'operator';
  const cookie = dashboardCookie(deps.secret);
  const router = Router();

  router.get(`${DASHBOARD_PATH}/sign-in`, (_req, res) => void res.type('html').set('cache-control', 'no-store').send(SIGN_IN_PAGE));
  router.post(`${DASHBOARD_PATH}/sign-in`, express.urlencoded({ extended: false, limit: '4kb' }), (req, res, next) => {
    const token: unknown = (req.body as Record<string, unknown> | undefined)?.token;
    const operatorId = typeof token === 'string' ? operatorWithToken(operators, token) : undefined;
    if (!operatorId) return next(new UnauthorizedError('operator token required'));
    res.cookie(cookieName, cookie.issue(operatorId), {
      httpOnly: true,
      sameSite: 'strict',
      path: '/',
      secure: deps.alwaysSecure || req.secure,
      maxAge: COOKIE_HOURS * 3_600_000,
    });
    logger.info({ operator: operatorId }, 'operator signed in to the queue dashboard');
    res.redirect(303, `${DASHBOARD_PATH}/`);
  });

  const operatorOnly: RequestHandler = (req, res, next) => {
    const bearer = /^Bearer (.+)$/.exec(req.get('authorization') ?? '');
    const fromCookie = cookieValue(req, cookieName);
    const operatorId = bearer ? operatorWithToken(operators, bearer[1]!) : fromCookie ? cookie.operatorOf(fromCookie, operators) : undefined;
    if (operatorId) {
      res.locals.operatorId = operatorId;
      return next();
    }
    // A browser without the cookie is sent to sign in; an API client gets 401.
    if (req.method === 'GET' && req.accepts(['json', 'html']) === 'html') return res.redirect(303, `${DASHBOARD_PATH}/sign-in`);
    next(new UnauthorizedError('operator token required'));
  };

  const retriesThroughTheOutbox: RequestHandler = async (req, res, next) => {
    if (req.method === 'GET' || req.method === 'HEAD') return next();
    const operatorId = String(res.locals.operatorId);
    const one = RETRY_ONE.exec(req.path);
    const all = RETRY_FAILED.exec(req.path);
    if (req.method !== 'PUT' || (!one && !all)) return next(new ForbiddenError('the queue dashboard only retries e-mails'));
    const jobs = one ? [await queue.getJob(decodeURIComponent(one[2]!))] : await queue.getFailed(0, 999);
    for (const job of jobs) {
      const failed = job !== undefined && (await job.getState()) === 'failed';
      if (!failed || !(await outbox.reopen(job.data.outboxId, operatorId))) {
        if (!one) continue;
        return next(new ConflictError('email_not_retryable', 'the e-mail is not failed or abandoned in the outbox (sent meanwhile?)'));
      }
      logger.info({ operator: operatorId, outboxId: job.data.outboxId }, 'operator retried an e-mail from the queue dashboard');
    }
    next();
  };

  // bull-board's page needs its <base href> and inline styles: a policy of its own, scripts still only ours.
  const boardPolicy: RequestHandler = (_req, res, next) => {
    res.set('content-security-policy', BOARD_CSP);
    next();
  };
  const serverAdapter = new ExpressAdapter();
  serverAdapter.setBasePath(DASHBOARD_PATH);
  createBullBoard({
    queues: [new BullMQAdapter(queue, { allowRetries: true, description: 'E-mails; the outbox row (MongoDB) is the source of truth' })],
    serverAdapter,
    options: { uiConfig: { boardTitle: 'anagrafica e-mails' } },
  });
  router.use(DASHBOARD_PATH, operatorOnly, boardPolicy, retriesThroughTheOutbox, serverAdapter.getRouter() as RequestHandler);
  return router;
}
