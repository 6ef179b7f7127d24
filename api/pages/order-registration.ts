import { Router, type Request, type Response } from 'express';
import { orderView } from '../../orders/order-views';
import { callApi, isApiError } from './api-call';
import { localPath, pageLanguageOf } from './language';
import type { PageDeps } from './page-deps';
import { pageErrorsOf } from './page-errors';
import { pageText } from './page-texts';
import { mountRegistrationJourney } from './registration-journey';

/**
 * Journey 2 in the browser, at `registrationUrl` (`/ordini/<orderId>/registrazione?token=…`): what
 * was bought, then REGISTRATI (the registration's own pages) or "Accedi e associa". The token is
 * the capability of the order: every API call carries it, and the API says whether it is right.
 */
export function orderRegistrationPages(deps: PageDeps): Router {
  const router = Router();
  const { render, forms } = deps;
  const language = (req: Request) => pageLanguageOf(req).language;
  const orderIdOf = (req: Request) => String(req.params.orderId);
  const tokenOf = (req: Request) => (typeof req.query.token === 'string' ? req.query.token : '');
  const withToken = (req: Request, path: string) => `${path}?token=${encodeURIComponent(tokenOf(req))}`;
  const pagePath = (req: Request, tail = '') => withToken(req, `/ordini/${encodeURIComponent(orderIdOf(req))}/${tail}`);
  const apiPath = (req: Request, tail: string) => withToken(req, `/api/v1/orders/${encodeURIComponent(orderIdOf(req))}/${tail}`);
  const state = (req: Request, res: Response) => callApi<{ step: string; username?: string }>(req, res, { method: 'get', path: apiPath(req, 'registration'), language: language(req) });
  /** What was bought: read only after the API accepted the order id and its token. */
  const itemsOf = async (req: Request) => {
    const order = await deps.orders.findById(orderIdOf(req)).lean();
    return order ? orderView(order).items.map((item) => ({ name: item.name, durationMonths: item.durationMonths })) : [];
  };

  router.get('/ordini/:orderId/registrazione', async (req, res) => {
    const answer = await state(req, res);
    if (isApiError(answer)) return deps.renderApiError(req, res, answer);
    const { step, username } = answer.body;
    const lang = pageLanguageOf(req);
    const context = { title: pageText('orderTitle', lang.language, { orderId: orderIdOf(req) }), orderId: orderIdOf(req), items: await itemsOf(req) };
    if (step === 'form' || step === 'creating') {
      return render(req, res, 'order', {
        ...context,
        choose: true,
        registerHref: localPath(pagePath(req, 'registrazione/modulo'), lang),
        associateHref: localPath(pagePath(req, 'associa'), lang),
      });
    }
    if (step === 'password') return render(req, res, 'order', { ...context, continueHref: localPath(pagePath(req, 'registrazione/credenziali'), lang) });
    if (step === 'expired') return render(req, res, 'order', { ...context, paragraphs: [pageText('orderExpired', lang.language)] });
    render(req, res, 'order', { ...context, paragraphs: [pageText('orderDone', lang.language, { orderId: orderIdOf(req), username: username ?? '' })] });
  });

  mountRegistrationJourney(
    router,
    { form: '/ordini/:orderId/registrazione/modulo', credentials: '/ordini/:orderId/registrazione/credenziali', done: '/ordini/:orderId/registrazione/completata' },
    {
      formPath: (req) => pagePath(req, 'registrazione/modulo'),
      credentialsPath: (req) => pagePath(req, 'registrazione/credenziali'),
      donePath: (req) => pagePath(req, 'registrazione/completata'),
      submitForm: (req, res, form, idempotencyKey) => callApi(req, res, { method: 'post', path: apiPath(req, 'registration'), body: form, language: language(req), idempotencyKey }),
      flowIdOf: (req) => orderIdOf(req),
      state,
      submitPassword: (req, res, body) => callApi(req, res, { method: 'post', path: apiPath(req, 'registration/password'), body, language: language(req) }),
      keptQuery: (req) => [{ name: 'token', value: tokenOf(req) }],
      title: (req) => pageText('signupTitle', language(req)),
    },
    deps,
  );

  /** "Accedi e associa": signed in (else to `/accedi` and back here), confirm, and the order is the login's. */
  const associatePage = async (req: Request, res: Response, errors?: ReturnType<typeof pageErrorsOf>, status = 200) => {
    const me = await callApi<{ username: string }>(req, res, { method: 'get', path: '/api/v1/me', language: language(req) });
    if (me.status === 401) return res.redirect(303, localPath(`/accedi?next=${encodeURIComponent(localPath(pagePath(req, 'associa'), pageLanguageOf(req)))}`, pageLanguageOf(req)));
    if (isApiError(me)) return deps.renderApiError(req, res, me);
    const answer = await state(req, res);
    if (isApiError(answer)) return deps.renderApiError(req, res, answer);
    render(
      req,
      res,
      'associate',
      { title: pageText('associateTitle', language(req), { orderId: orderIdOf(req) }), orderId: orderIdOf(req), username: me.body.username, items: await itemsOf(req), action: localPath(pagePath(req, 'associa'), pageLanguageOf(req)), errors },
      status,
    );
  };
  router.get('/ordini/:orderId/associa', (req, res) => associatePage(req, res));
  router.post('/ordini/:orderId/associa', ...forms, async (req, res) => {
    const answer = await callApi<{ orderId: string; username: string }>(req, res, { method: 'post', path: apiPath(req, 'association'), language: language(req) });
    if (answer.status === 401) return associatePage(req, res);
    if (isApiError(answer)) return associatePage(req, res, pageErrorsOf(answer), answer.status);
    render(req, res, 'message', {
      title: pageText('associateTitle', language(req), { orderId: orderIdOf(req) }),
      username: answer.body.username,
      paragraphs: [pageText('associateDone', language(req), { orderId: answer.body.orderId, username: answer.body.username })],
      link: { href: localPath('/area-clienti#ordini', pageLanguageOf(req)), label: pageText('backToArea', language(req)) },
    });
  });

  return router;
}
