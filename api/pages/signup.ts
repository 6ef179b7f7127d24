import { Router } from 'express';
import { callApi } from './api-call';
import { pageLanguageOf } from './language';
import type { PageDeps } from './page-deps';
import { pageText } from './page-texts';
import { mountRegistrationJourney } from './registration-journey';

/** Journey 1 in the browser: `/registrazione` → "CREDENZIALI DI ACCESSO" → success, over `/api/v1/signups…`. */
export function signupPages(deps: PageDeps): Router {
  const router = Router();
  const language = (req: Parameters<typeof pageLanguageOf>[0]) => pageLanguageOf(req).language;
  const signupPath = (signupId: string) => `/registrazione/${encodeURIComponent(signupId)}`;
  mountRegistrationJourney(
    router,
    { form: '/registrazione', credentials: '/registrazione/:signupId/credenziali', done: '/registrazione/:signupId/completata' },
    {
      formPath: () => '/registrazione',
      credentialsPath: (_req, signupId) => `${signupPath(signupId)}/credenziali`,
      donePath: (_req, signupId) => `${signupPath(signupId)}/completata`,
      submitForm: (req, res, form, idempotencyKey) => callApi(req, res, { method: 'post', path: '/api/v1/signups', body: form, language: language(req), idempotencyKey }),
      flowIdOf: (_req, answer) => String(answer.signupId),
      state: (req, res) => callApi(req, res, { method: 'get', path: `/api/v1/signups/${encodeURIComponent(String(req.params.signupId))}`, language: language(req) }),
      submitPassword: (req, res, body) =>
        callApi(req, res, { method: 'post', path: `/api/v1/signups/${encodeURIComponent(String(req.params.signupId))}/password`, body, language: language(req) }),
      keptQuery: () => [],
      title: (req) => pageText('signupTitle', language(req)),
      intro: (req) => pageText('signupIntro', language(req)),
    },
    deps,
  );
  return router;
}
