import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Request, RequestHandler, Response } from 'express';
import { AppError } from '../../domain/errors';
import { policyOf } from '../session-auth';

/**
 * CSRF for the pages' forms: a synchronizer token bound to a cookie. The `csrf` cookie holds a
 * random id (HttpOnly, SameSite=Lax: sent on a link followed from an e-mail, so arriving there does not replace it); every form carries HMAC(SESSION_SECRET, id) in `_csrf`.
 * A POST whose token does not match its cookie is refused: another site can neither read the
 * token nor compute one for a cookie it planted. Independent of the sign-in, so the anonymous
 * forms (signup, sign-in, recovery) are covered too. The cookie follows the session cookie's
 * policy: `__Host-csrf`, always Secure, wherever the session cookie is `__Host-sid` (a sibling
 * subdomain cannot plant a cookie and token pair it got for itself), `csrf` in development over http.
 */
export const CSRF_FIELD = '_csrf';

/** The cookie's name and `Secure` flag, as the session cookie's (`api/session-auth.ts`). */
function cookieOf(req: Request): { name: 'csrf' | '__Host-csrf'; secure: boolean } {
  const { alwaysSecure } = policyOf(req);
  return { name: alwaysSecure ? '__Host-csrf' : 'csrf', secure: alwaysSecure || req.secure };
}

export class CsrfTokenError extends AppError {
  readonly code = 'csrf_token_invalid';
  readonly status = 403;
}

export interface Csrf {
  /** The token of this browser's cookie, setting the cookie first when there is none. */
  tokenFor(req: Request, res: Response): string;
  /** Middleware for form posts: 403 `csrf_token_invalid` unless `_csrf` matches the cookie. */
  verify: RequestHandler;
}

export function csrfProtection(secret: string): Csrf {
  const tokenOf = (id: string) => createHmac('sha256', secret).update(`csrf:${id}`).digest('base64url');
  const idOf = (req: Request) => readCookie(req, cookieOf(req).name);
  return {
    tokenFor(req, res) {
      const known = (res.locals as { csrfId?: string }).csrfId ?? idOf(req);
      if (known && /^[A-Za-z0-9_-]{22,64}$/.test(known)) return tokenOf(known);
      const id = randomBytes(18).toString('base64url');
      (res.locals as { csrfId?: string }).csrfId = id;
      const { name, secure } = cookieOf(req);
      res.cookie(name, id, { httpOnly: true, sameSite: 'lax', path: '/', secure });
      return tokenOf(id);
    },
    verify(req, _res, next) {
      const id = idOf(req);
      const sent = (req.body as Record<string, unknown> | undefined)?.[CSRF_FIELD];
      if (!id || typeof sent !== 'string') throw new CsrfTokenError('missing CSRF token');
      const expected = Buffer.from(tokenOf(id));
      const given = Buffer.from(sent);
      if (expected.length !== given.length || !timingSafeEqual(expected, given)) throw new CsrfTokenError('wrong CSRF token');
      next();
    },
  };
}

function readCookie(req: Request, name: string): string | undefined {
  for (const pair of (req.get('cookie') ?? '').split(';')) {
    const eq = pair.indexOf('=');
    if (eq > 0 && pair.slice(0, eq).trim() === name) return pair.slice(eq + 1).trim();
  }
  return undefined;
}
