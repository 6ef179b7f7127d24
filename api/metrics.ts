import type { Request, RequestHandler } from 'express';
import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';

/** The API's port when METRICS_PORT is not set. */
export const API_METRICS_PORT = 9464;

/**
 * The registration steps the API answers, by journey: the first starts a registration, the last
 * ends it. Timer-driven endings (expiry) have no request: operators find them in the Temporal UI
 * (`Step = 'expired'`).
 */
const REGISTRATION_STEPS: Record<string, { journey: string; step: 'start' | 'finish' }> = {
  'POST /api/v1/signups': { journey: 'signup', step: 'start' },
  'POST /api/v1/signups/:signupId/password': { journey: 'signup', step: 'finish' },
  'POST /api/v1/orders/:orderId/registration': { journey: 'first-purchase', step: 'start' },
  'POST /api/v1/orders/:orderId/registration/password': { journey: 'first-purchase', step: 'finish' },
  'POST /api/v1/orders/:orderId/association': { journey: 'first-purchase', step: 'finish' },
  'POST /api/v1/me/logins': { journey: 'additional-login', step: 'start' },
  'POST /api/v1/me/logins/requests/:requestId/confirm': { journey: 'additional-login', step: 'finish' },
};

function outcomeOf(step: 'start' | 'finish', status: number): string {
  if (status < 300) return step === 'start' ? 'started' : 'completed';
  if (status === 410) return 'expired';
  if (status === 429) return 'rate_limited';
  if (status >= 500) return 'error';
  return 'refused';
}

/** The route's pattern, never the path itself (ids would make a series per request): `unmatched` for 404s. */
function routeOf(req: Request): string {
  const pattern = (req.route as { path?: unknown } | undefined)?.path;
  return typeof pattern === 'string' ? `${req.baseUrl}${pattern}` : 'unmatched';
}

/** The API process's metrics: HTTP latency by route and status, registrations by journey and outcome, Node's own. */
export class ApiMetrics {
  readonly registry = new Registry();
  private readonly duration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP requests by method, route pattern and status',
    labelNames: ['method', 'route', 'status'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });
  private readonly registrations = new Counter({
    name: 'anagrafica_registrations_total',
    help: 'Registration steps answered by the API, by journey and outcome (started, completed, refused, expired, rate_limited, error)',
    labelNames: ['journey', 'outcome'],
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry });
  }

  /** Times every request; counted when the answer is sent. */
  middleware(): RequestHandler {
    return (req, res, next) => {
      // A page's in-process API call (api/pages/api-call.ts) answers 'finish' like a real response; anything else is skipped, never failed.
      if (typeof res.once !== 'function') return next();
      const end = this.duration.startTimer();
      res.once('finish', () => {
        const route = routeOf(req);
        end({ method: req.method, route, status: String(res.statusCode) });
        const registration = REGISTRATION_STEPS[`${req.method} ${route}`];
        if (registration) this.registrations.inc({ journey: registration.journey, outcome: outcomeOf(registration.step, res.statusCode) });
      });
      next();
    };
  }
}
