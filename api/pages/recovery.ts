import { Router, type Request, type Response } from 'express';
import { callApi, isApiError } from './api-call';
import { localPath, pageLanguageOf } from './language';
import type { PageDeps } from './page-deps';
import { pageErrorsOf } from './page-errors';
import { pageText } from './page-texts';
import type { PageErrors } from './render';
import { criteriaList } from './registration-form-page';

/** What `GET /api/v1/recovery/password/reset?token=` tells of a good link: whether the secret answer is needed too (a second factor), and the question. */
interface ResetLinkView {
  answerRequired: boolean;
  question?: string;
}

/**
 * `/recupero`: lost username, lost password; `/recupero/nuova-password?token=…`, the e-mailed
 * link: the new password with live criteria and, where the login has a secret question, its answer
 * (required: the API refuses the reset without it).
 */
export function recoveryPages(deps: PageDeps): Router {
  const router = Router();
  const { render, forms, renderApiError } = deps;
  const language = (req: Request) => pageLanguageOf(req).language;
  const here = (req: Request, path: string) => localPath(path, pageLanguageOf(req));
  const text = (req: Request, name: string) => {
    const value = (req.body as Record<string, unknown>)[name];
    return typeof value === 'string' ? value : '';
  };

  const recoveryPage = (req: Request, res: Response, view: { values?: Record<string, unknown>; errors?: PageErrors; sent?: boolean } = {}, status = 200) =>
    render(req, res, 'recovery', { title: pageText('recoveryTitle', language(req)), usernameAction: here(req, '/recupero/username'), passwordAction: here(req, '/recupero/password'), ...view }, status);

  router.get('/recupero', (req, res) => recoveryPage(req, res, { sent: req.query.inviata === '1' }));

  router.get(['/recupero/username', '/recupero/password'], (req, res) => res.redirect(303, here(req, '/recupero')));
  for (const [kind, apiPath, field] of [
    ['username', '/api/v1/recovery/username', 'email'],
    ['password', '/api/v1/recovery/password', 'username'],
  ] as const) {
    router.post(`/recupero/${kind}`, ...forms, async (req, res) => {
      const value = text(req, field);
      const answer = await callApi(req, res, { method: 'post', path: apiPath, body: { [field]: value }, language: language(req) });
      if (answer.status === 202) return res.redirect(303, here(req, '/recupero?inviata=1'));
      if (!isApiError(answer)) throw new Error(`unexpected answer ${answer.status} to a recovery request`);
      recoveryPage(req, res, { values: { [field]: value }, errors: pageErrorsOf(answer) }, answer.status);
    });
  }

  const tokenOf = (req: Request) => (typeof req.query.token === 'string' ? req.query.token : '');
  const resetMessage = (req: Request, res: Response, paragraph: string, status: number) =>
    render(req, res, 'message', { title: pageText('resetTitle', language(req)), paragraphs: [paragraph], link: { href: here(req, '/recupero'), label: pageText('recoveryTitle', language(req)) } }, status);
  const resetPage = async (req: Request, res: Response, errors?: PageErrors, status = 200) => {
    if (!tokenOf(req)) return resetMessage(req, res, pageText('resetInvalid', language(req)), 410);
    const link = await callApi<ResetLinkView>(req, res, { method: 'get', path: `/api/v1/recovery/password/reset?token=${encodeURIComponent(tokenOf(req))}`, language: language(req) });
    if (isApiError(link, 'invalid_token')) return resetMessage(req, res, pageText('resetInvalid', language(req)), 410);
    if (isApiError(link)) return renderApiError(req, res, link);
    render(
      req,
      res,
      'reset',
      {
        title: pageText('resetTitle', language(req)),
        criteria: criteriaList(req),
        action: here(req, `/recupero/nuova-password?token=${encodeURIComponent(tokenOf(req))}`),
        answerRequired: link.body.answerRequired,
        question: link.body.question,
        errors,
      },
      status,
    );
  };

  router.get('/recupero/nuova-password', (req, res) => resetPage(req, res));

  router.post('/recupero/nuova-password', ...forms, async (req, res) => {
    const recoveryAnswer = text(req, 'recoveryAnswer');
    const body = { token: tokenOf(req), password: text(req, 'password'), passwordConfirmation: text(req, 'passwordConfirmation'), ...(recoveryAnswer ? { recoveryAnswer } : {}) };
    const answer = await callApi<{ username: string }>(req, res, { method: 'post', path: '/api/v1/recovery/password/reset', body, language: language(req) });
    if (answer.status === 200) {
      return render(req, res, 'message', {
        title: pageText('resetDoneTitle', language(req)),
        paragraphs: [pageText('resetDone', language(req), { username: answer.body.username })],
        link: { href: here(req, '/accedi'), label: pageText('goToSignIn', language(req)) },
      });
    }
    if (!isApiError(answer)) throw new Error(`unexpected answer ${answer.status} to a reset`);
    // One wrong answer too many: every link of the login is cancelled; the API's words say why and what was sent.
    if (answer.body.error.code === 'recovery_locked') return resetMessage(req, res, answer.body.error.message, answer.status);
    if (answer.status !== 422) return resetPage(req, res, pageErrorsOf(answer), answer.status);
    resetPage(req, res, pageErrorsOf(answer, (path) => (path === 'token' ? undefined : path)), answer.status);
  });

  return router;
}
