import type { RequestHandler } from 'express';
import helmet from 'helmet';
import type { Config } from '../config';

/**
 * helmet's headers on every answer. The CSP is the one the server-rendered pages are written for:
 * our own scripts, styles and images only (no inline code), forms posting only to us, never framed.
 * `Referrer-Policy: no-referrer` keeps the registration link's token out of other sites' logs.
 * HSTS outside development, where everything is served over https.
 */
export function securityHeaders(config: Pick<Config, 'NODE_ENV'>): RequestHandler {
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        baseUri: ["'none'"],
        objectSrc: ["'none'"],
      },
    },
    strictTransportSecurity: config.NODE_ENV === 'development' ? false : { maxAge: 31_536_000, includeSubDomains: true },
    xFrameOptions: { action: 'deny' },
    referrerPolicy: { policy: 'no-referrer' },
  });
}
