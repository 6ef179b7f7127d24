import type { Request, Response, Router } from 'express';
import { isApiError, type ApiAnswer } from './api-call';
import { localPath, pageLanguageOf } from './language';
import { pageErrorsOf } from './page-errors';
import { pageText } from './page-texts';
import { criteriaList, registrationFormFrom, renderRegistrationForm, subjectTypeOf, typedValues, type FormFields } from './registration-form-page';
import type { PageDeps } from './page-deps';

/**
 * The registration's pages, shared by signup (`/registrazione`) and REGISTRATI
 * (`/ordini/<orderId>/registrazione`): the form, "CREDENZIALI DI ACCESSO", the success page.
 * Each step is one call of the JSON API (which holds every rule); a refusal is shown on the page.
 */
export interface RegistrationJourney {
  /** Page paths (without the language). `flowId` names the running registration (signup id or order id). */
  formPath: (req: Request) => string;
  credentialsPath: (req: Request, flowId: string) => string;
  donePath: (req: Request, flowId: string) => string;
  /** API calls of the steps. */
  submitForm: (req: Request, res: Response, form: unknown, idempotencyKey?: string) => Promise<ApiAnswer<{ signupId?: string; username: string }>>;
  flowIdOf: (req: Request, answer: { signupId?: string }) => string;
  state: (req: Request, res: Response) => Promise<ApiAnswer<{ step: string; username?: string }>>;
  submitPassword: (req: Request, res: Response, body: { password: string; passwordConfirmation: string }) => Promise<ApiAnswer<{ username: string }>>;
  /** Query values kept across the steps (the order's token). */
  keptQuery: (req: Request) => { name: string; value: string }[];
  title: (req: Request) => string;
  intro?: (req: Request) => string;
}

export function mountRegistrationJourney(router: Router, paths: { form: string; credentials: string; done: string }, journey: RegistrationJourney, deps: PageDeps): void {
  const { render, forms } = deps;
  const go = (req: Request, res: Response, path: string) => res.redirect(303, localPath(path, pageLanguageOf(req)));
  const language = (req: Request) => pageLanguageOf(req).language;

  router.get(paths.form, (req, res) => {
    const subjectType = subjectTypeOf(req.query.tipo);
    renderRegistrationForm(render, req, res, {
      title: journey.title(req),
      intro: journey.intro?.(req),
      action: localPath(journey.formPath(req), pageLanguageOf(req)),
      chooseAction: journey.formPath(req),
      hiddenQuery: [...journey.keptQuery(req), ...(pageLanguageOf(req).query ? [{ name: 'lang', value: language(req) }] : [])],
      subjectType,
    });
  });

  router.post(paths.form, ...forms, async (req, res) => {
    const fields = req.body as FormFields;
    const idempotencyKey = typeof fields.idempotencyKey === 'string' && /^[0-9a-f-]{36}$/.test(fields.idempotencyKey) ? fields.idempotencyKey : undefined;
    const answer = await journey.submitForm(req, res, registrationFormFrom(fields), idempotencyKey);
    if (answer.status === 201) return go(req, res, journey.credentialsPath(req, journey.flowIdOf(req, answer.body)));
    if (!isApiError(answer)) throw new Error(`unexpected answer ${answer.status} to the registration form`);
    renderRegistrationForm(
      render,
      req,
      res,
      {
        title: journey.title(req),
        action: localPath(journey.formPath(req), pageLanguageOf(req)),
        chooseAction: journey.formPath(req),
        hiddenQuery: journey.keptQuery(req),
        subjectType: subjectTypeOf(fields.subjectType),
        values: typedValues(fields),
        errors: pageErrorsOf(answer),
        idempotencyKey,
      },
      answer.status,
    );
  });

  const renderCredentials = (req: Request, res: Response, username: string, errors?: ReturnType<typeof pageErrorsOf>, status = 200) =>
    render(req, res, 'credentials', { title: pageText('credentialsTitle', language(req)), shownUsername: username, criteria: criteriaList(req), action: localPath(req.originalUrl.split('?')[0] + queryOf(req), pageLanguageOf(req)), errors }, status);

  router.get(paths.credentials, async (req, res) => {
    const state = await journey.state(req, res);
    if (isApiError(state)) return deps.renderApiError(req, res, state);
    if (state.body.step === 'completed' || state.body.step === 'activating') return go(req, res, journey.donePath(req, flowIdParam(req)));
    if (!state.body.username) return go(req, res, journey.formPath(req));
    renderCredentials(req, res, state.body.username);
  });

  router.post(paths.credentials, ...forms, async (req, res) => {
    const fields = req.body as FormFields;
    const password = typeof fields.password === 'string' ? fields.password : '';
    const passwordConfirmation = typeof fields.passwordConfirmation === 'string' ? fields.passwordConfirmation : '';
    const answer = await journey.submitPassword(req, res, { password, passwordConfirmation });
    if (answer.status === 200) return go(req, res, journey.donePath(req, flowIdParam(req)));
    if (isApiError(answer, 'password_already_set')) return go(req, res, journey.donePath(req, flowIdParam(req)));
    if (!isApiError(answer)) throw new Error(`unexpected answer ${answer.status} to the password step`);
    const state = await journey.state(req, res);
    if (isApiError(state) || !state.body.username) return deps.renderApiError(req, res, answer);
    renderCredentials(req, res, state.body.username, pageErrorsOf(answer), answer.status);
  });

  router.get(paths.done, async (req, res) => {
    const state = await journey.state(req, res);
    if (isApiError(state)) return deps.renderApiError(req, res, state);
    if (state.body.step !== 'completed' || !state.body.username) return go(req, res, journey.credentialsPath(req, flowIdParam(req)));
    render(req, res, 'message', {
      title: pageText('signupDoneTitle', language(req)),
      paragraphs: [pageText('signupDone', language(req), { username: state.body.username })],
      link: { href: localPath('/accedi', pageLanguageOf(req)), label: pageText('goToSignIn', language(req)) },
    });
  });
}

/** The flow's id in the path: `:signupId` or `:orderId`. */
function flowIdParam(req: Request): string {
  return String(req.params.signupId ?? req.params.orderId);
}

/** The kept query (the token), without the language, which `localPath` adds. */
function queryOf(req: Request): string {
  const token = typeof req.query.token === 'string' ? req.query.token : undefined;
  return token ? `?token=${encodeURIComponent(token)}` : '';
}
