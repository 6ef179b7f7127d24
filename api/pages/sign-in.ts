import { Router, type Request, type Response } from 'express';
import { callApi, isApiError } from './api-call';
import { localPath, pageLanguageOf } from './language';
import type { PageDeps } from './page-deps';
import { pageErrorsOf } from './page-errors';
import { pageText } from './page-texts';

/** Where to go after signing in: only a path of this site (no `//host`), else the customer area. */
export function nextPathOf(value: unknown): string {
  return typeof value === 'string' && /^\/(?![/\\])/.test(value) ? value : '/area-clienti';
}

/** `/accedi` and `/esci`: the session cookie is the API's own (`POST`/`DELETE /api/v1/session`). */
export function signInPages({ render, forms, renderApiError }: PageDeps): Router {
  const router = Router();
  const language = (req: Request) => pageLanguageOf(req).language;
  const page = (req: Request, res: Response, view: { values?: Record<string, unknown>; errors?: ReturnType<typeof pageErrorsOf>; notice?: string }, status = 200) =>
    render(
      req,
      res,
      'sign-in',
      {
        title: pageText('signInTitle', language(req)),
        action: localPath(`/accedi?next=${encodeURIComponent(nextPathOf(req.query.next))}`, pageLanguageOf(req)),
        ...view,
      },
      status,
    );

  router.get('/accedi', (req, res) => page(req, res, { notice: req.query.uscito === '1' ? pageText('signedOut', language(req)) : undefined }));

  router.post('/accedi', ...forms, async (req, res) => {
    const fields = req.body as Record<string, unknown>;
    const username = typeof fields.username === 'string' ? fields.username : '';
    const password = typeof fields.password === 'string' ? fields.password : '';
    const answer = await callApi(req, res, { method: 'post', path: '/api/v1/session', body: { username, password }, language: language(req) });
    if (answer.status === 200) return res.redirect(303, nextPathOf(req.query.next));
    if (!isApiError(answer)) throw new Error(`unexpected answer ${answer.status} to sign-in`);
    page(req, res, { values: { username }, errors: pageErrorsOf(answer) }, answer.status);
  });

  router.get('/esci', (req, res) => res.redirect(303, localPath('/accedi', pageLanguageOf(req))));
  router.post('/esci', ...forms, async (req, res) => {
    const answer = await callApi(req, res, { method: 'delete', path: '/api/v1/session', language: language(req) });
    // Refused (e.g. 403 cross_site_request): still signed in, so the page says why instead of "signed out".
    if (isApiError(answer) && answer.status !== 401) return renderApiError(req, res, answer);
    res.redirect(303, localPath('/accedi?uscito=1', pageLanguageOf(req)));
  });

  return router;
}
