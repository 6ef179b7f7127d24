import { randomUUID } from 'node:crypto';
import { Router, type Request, type Response } from 'express';
import { callApi, isApiError } from './api-call';
import { localPath, pageLanguageOf } from './language';
import type { PageDeps } from './page-deps';
import { pageErrorsOf, reauthenticationErrors } from './page-errors';
import { pageText } from './page-texts';
import type { PageErrors } from './render';
import { criteriaList } from './registration-form-page';

const REQUEST_ID = /^[0-9a-f-]{36}$/;

/** "Crea nuova login": the password twice (live criteria), the confirmation of the operation, the new username. */
export function newLoginPages(deps: PageDeps): Router {
  const router = Router();
  const { render, forms } = deps;
  const language = (req: Request) => pageLanguageOf(req).language;
  const here = (req: Request, path: string) => localPath(path, pageLanguageOf(req));
  const toSignIn = (req: Request, res: Response, back: string) => res.redirect(303, here(req, `/accedi?next=${encodeURIComponent(here(req, back))}`));

  const passwordPage = async (req: Request, res: Response, view: { errors?: PageErrors; reauthentication?: boolean } = {}, status = 200) => {
    const me = await callApi<{ username: string }>(req, res, { method: 'get', path: '/api/v1/me', language: language(req) });
    if (me.status === 401) return toSignIn(req, res, '/area-clienti/nuova-login');
    if (isApiError(me)) return deps.renderApiError(req, res, me);
    render(
      req,
      res,
      'new-login',
      { title: pageText('newLoginTitle', language(req)), username: me.body.username, shownUsername: me.body.username, criteria: criteriaList(req), action: here(req, '/area-clienti/nuova-login'), idempotencyKey: randomUUID(), ...view },
      status,
    );
  };

  router.get('/area-clienti/nuova-login', (req, res) => passwordPage(req, res));

  router.post('/area-clienti/nuova-login', ...forms, async (req, res) => {
    const fields = req.body as Record<string, unknown>;
    const text = (name: string) => (typeof fields[name] === 'string' ? (fields[name] as string) : '');
    if (text('currentPassword')) {
      const reauth = await callApi(req, res, { method: 'post', path: '/api/v1/session/reauthentication', body: { password: text('currentPassword') }, language: language(req) });
      if (isApiError(reauth)) {
        return passwordPage(req, res, { errors: reauthenticationErrors(reauth), reauthentication: true }, reauth.status);
      }
    }
    const key = REQUEST_ID.test(text('idempotencyKey')) ? text('idempotencyKey') : undefined;
    const answer = await callApi<{ requestId: string }>(req, res, {
      method: 'post',
      path: '/api/v1/me/logins',
      body: { password: text('password'), passwordConfirmation: text('passwordConfirmation') },
      language: language(req),
      idempotencyKey: key,
    });
    if (answer.status === 401) return toSignIn(req, res, '/area-clienti/nuova-login');
    if (answer.status === 202) return res.redirect(303, here(req, `/area-clienti/nuova-login/${answer.body.requestId}`));
    if (!isApiError(answer)) throw new Error(`unexpected answer ${answer.status} to a new login`);
    if (answer.body.error.code === 'reauthentication_required') {
      return passwordPage(req, res, { reauthentication: true, errors: { byField: {}, list: [{ path: 'currentPassword', message: pageText('reauthHint', language(req)), anchor: 'f-currentPassword' }] } }, 403);
    }
    passwordPage(req, res, { errors: pageErrorsOf(answer) }, answer.status);
  });

  router.get('/area-clienti/nuova-login/:requestId', async (req, res) => {
    const me = await callApi<{ username: string }>(req, res, { method: 'get', path: '/api/v1/me', language: language(req) });
    if (me.status === 401) return toSignIn(req, res, req.path);
    if (!REQUEST_ID.test(String(req.params.requestId))) return deps.renderApiError(req, res, { status: 404, body: { error: { code: 'not_found', message: '' } } });
    render(req, res, 'new-login-confirm', { title: pageText('newLoginConfirmTitle', language(req)), username: me.body.username, action: here(req, req.path), cancelHref: here(req, '/area-clienti#login') });
  });

  router.post('/area-clienti/nuova-login/:requestId', ...forms, async (req, res) => {
    const answer = await callApi<{ username: string }>(req, res, {
      method: 'post',
      path: `/api/v1/me/logins/requests/${encodeURIComponent(String(req.params.requestId))}/confirm`,
      language: language(req),
    });
    if (answer.status === 401) return toSignIn(req, res, req.path);
    if (isApiError(answer)) return deps.renderApiError(req, res, answer);
    const me = await callApi<{ username: string }>(req, res, { method: 'get', path: '/api/v1/me', language: language(req) });
    render(req, res, 'message', {
      title: pageText('newLoginDoneTitle', language(req)),
      username: isApiError(me) ? undefined : me.body.username,
      paragraphs: [pageText('newLoginDone', language(req), { username: answer.body.username })],
      newUsername: answer.body.username,
      link: { href: here(req, '/area-clienti#login'), label: pageText('backToArea', language(req)) },
    });
  });

  return router;
}
