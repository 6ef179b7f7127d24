import type { Request, RequestHandler } from 'express';
import { AppError } from '../domain/errors';
import { sessionIdFrom } from './session-auth';

/** 403: a state-changing request that the browser sent for another site, with our session cookie. */
export class CrossSiteRequestError extends AppError {
  readonly code = 'cross_site_request';
  readonly status = 403;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Another origin than ours by `Origin`, or another site (or a sibling subdomain) by `Sec-Fetch-Site`.
 * `Sec-Fetch-Site: same-origin` is the browser's own verdict and wins: under our `Referrer-Policy:
 * no-referrer` a browser sends `Origin: null` on the site's own form posts (Fetch, "append a request
 * `Origin` header"), so `null` is refused only when no `Sec-Fetch-Site` vouches for the request.
 */
function fromElsewhere(req: Request, ownOrigin: string): boolean {
  const site = req.get('sec-fetch-site');
  if (site === 'same-origin') return false;
  const origin = req.get('origin');
  if (origin !== undefined && origin !== ownOrigin) return true; // `null` (a sandboxed or file page) included
  return site === 'cross-site' || (site === 'same-site' && origin !== ownOrigin);
}

/**
 * Beyond SameSite=Lax: a cookie-authenticated POST/PUT/PATCH/DELETE that names another origin
 * (`Origin`) or another site (`Sec-Fetch-Site`) gets 403 `cross_site_request`. Requests without
 * the session cookie (the order webhook) and operator requests (`Authorization: Bearer`, which no
 * browser adds on its own) are not cookie-authenticated and pass. A request with neither header
 * (not a browser, or a very old one) passes too: SameSite=Lax still keeps the cookie off it.
 * Only the JSON API (`/api/…`) is checked here: a page's form post runs its state change as an
 * in-process call of the API with the browser's headers (api/pages/api-call.ts), so the same check
 * refuses it there and the page shows the refusal as a page; the forms carry their CSRF token too.
 */
export function refuseCrossSiteRequests(publicBaseUrl: string): RequestHandler {
  const ownOrigin = new URL(publicBaseUrl).origin;
  return (req, _res, next) => {
    if (!req.path.startsWith('/api/') || SAFE_METHODS.has(req.method) || /^Bearer /i.test(req.get('authorization') ?? '') || sessionIdFrom(req) === undefined) return next();
    next(fromElsewhere(req, ownOrigin) ? new CrossSiteRequestError('cross-site request refused') : undefined);
  };
}
