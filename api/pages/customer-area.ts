import { Router, type Request, type Response } from 'express';
import { CORRECTABLE_FIELDS } from '../../contracts/corrections';
import { callApi, isApiError, type ApiAnswer, type ApiErrorBody } from './api-call';
import { localPath, pageLanguageOf } from './language';
import type { PageDeps } from './page-deps';
import { pageErrorsOf, reauthenticationErrors } from './page-errors';
import { pageText } from './page-texts';
import { criteriaList, typedValues } from './registration-form-page';
import type { PageErrors } from './render';

type Fields = Record<string, unknown>;
const text = (fields: Fields, name: string) => (typeof fields[name] === 'string' ? (fields[name] as string) : '');
const choice = (fields: Fields, name: string) => (text(fields, name) === 'yes' ? true : text(fields, name) === 'no' ? false : undefined);

/** The profile's editable sections: each is one PATCH of `/api/v1/me/profile`; e-mail and recovery need a recent sign-in. */
const SECTIONS: Record<string, (fields: Fields) => Record<string, unknown>> = {
  contact: (f) => ({
    address: { street: text(f, 'address.street'), postalCode: text(f, 'address.postalCode'), city: text(f, 'address.city'), province: text(f, 'address.province'), country: text(f, 'address.country') },
    phone: text(f, 'phone'),
  }),
  email: (f) => ({ email: text(f, 'email'), emailConfirmation: text(f, 'emailConfirmation') }),
  recovery: (f) => ({ recovery: { question: text(f, 'recovery.question'), answer: text(f, 'recovery.answer') } }),
  consents: (f) => ({ privacy: { processingConsent: choice(f, 'privacy.processingConsent'), marketingConsent: choice(f, 'privacy.marketingConsent') } }),
};

interface Me {
  username: string;
  profile: {
    subjectType: string;
    holder: Record<string, string | undefined>;
    address: Record<string, string>;
    phone: string;
    email: string;
    recovery?: { question: string };
    consents?: { kind: string; granted: boolean }[];
  };
  logins: string[];
}

/** `/area-clienti`: profile (holder read-only), logins, orders and services with "Rinnova"; the correction request. */
export function accountPages(deps: PageDeps): Router {
  const router = Router();
  const { render, forms } = deps;
  const language = (req: Request) => pageLanguageOf(req).language;
  const here = (req: Request, path: string) => localPath(path, pageLanguageOf(req));
  const toSignIn = (req: Request, res: Response) => res.redirect(303, here(req, `/accedi?next=${encodeURIComponent(here(req, '/area-clienti'))}`));

  interface AreaView {
    errors?: PageErrors;
    /** The section the errors (or the password prompt) belong to, and its typed values. */
    section?: string;
    values?: Record<string, unknown>;
    reauthentication?: boolean;
    notice?: string;
  }

  const area = async (req: Request, res: Response, view: AreaView = {}, status = 200) => {
    const me = await callApi<Me>(req, res, { method: 'get', path: '/api/v1/me', language: language(req) });
    if (me.status === 401) return toSignIn(req, res);
    if (isApiError(me)) return deps.renderApiError(req, res, me);
    const [orders, services] = await Promise.all([
      callApi<unknown[]>(req, res, { method: 'get', path: '/api/v1/me/orders', language: language(req) }),
      callApi<unknown[]>(req, res, { method: 'get', path: '/api/v1/me/services', language: language(req) }),
    ]);
    const { profile } = me.body;
    const latest = new Map((profile.consents ?? []).map((consent) => [consent.kind, consent.granted]));
    const consentValue = (kind: string) => (latest.get(kind) === true ? 'yes' : latest.get(kind) === false ? 'no' : '');
    const stored = {
      address: profile.address,
      phone: profile.phone,
      privacy: { processingConsent: consentValue('processing'), marketingConsent: consentValue('marketing') },
      recovery: { question: profile.recovery?.question ?? '' },
    };
    const holderRows = Object.entries(profile.holder)
      .filter(([, value]) => value)
      .map(([field, value]) => ({ label: pageText(`holder.${field}`, language(req)), value }));
    render(
      req,
      res,
      'customer-area',
      {
        title: pageText('areaTitle', language(req)),
        username: me.body.username,
        subjectTypeLabel: pageText(`type.${profile.subjectType}`, language(req)),
        holderRows,
        currentEmail: profile.email,
        currentQuestion: profile.recovery?.question ?? pageText('recoveryNone', language(req)),
        values: view.section && view.values ? { ...stored, ...view.values } : stored,
        logins: me.body.logins,
        orders: Array.isArray(orders.body) ? orders.body : [],
        services: (Array.isArray(services.body) ? (services.body as { serviceId: string }[]) : []).map((service) => ({
          ...service,
          renewAction: here(req, `/area-clienti/servizi/${encodeURIComponent(service.serviceId)}/rinnovo`),
        })),
        consents: ['privacy.processingConsent', 'privacy.marketingConsent'],
        criteria: criteriaList(req),
        shownUsername: me.body.username,
        passwordAction: here(req, '/area-clienti/password'),
        errors: view.errors,
        errorSection: view.section,
        reauthentication: view.reauthentication ? view.section : undefined,
        notice: view.notice,
        actions: Object.fromEntries(Object.keys(SECTIONS).map((section) => [section, here(req, `/area-clienti/profilo/${section}`)])),
        correctionHref: here(req, '/area-clienti/correzione'),
        newRegistrationHref: here(req, '/registrazione'),
      },
      status,
    );
  };

  router.get('/area-clienti', (req, res) => area(req, res, { notice: noticeOf(req) }));

  /** Asks the API for a fresh sign-in when the form carries the password again; a wrong one is shown at its field. */
  const reauthenticate = async (req: Request, res: Response, password: string): Promise<ApiAnswer<ApiErrorBody> | undefined> => {
    const answer = await callApi(req, res, { method: 'post', path: '/api/v1/session/reauthentication', body: { password }, language: language(req) });
    return isApiError(answer) ? answer : undefined;
  };

  // The forms' own addresses, opened again (bookmark, reload of a refusal): back to the area.
  router.get(['/area-clienti/profilo/:section', '/area-clienti/password', '/area-clienti/servizi/:serviceId/rinnovo'], (req, res) => res.redirect(303, here(req, '/area-clienti')));

  router.post('/area-clienti/profilo/:section', ...forms, async (req, res) => {
    const section = String(req.params.section);
    const patchOf = SECTIONS[section];
    if (!patchOf) return area(req, res, {}, 404);
    const fields = req.body as Fields;
    const typed = typedValues(fields);
    const currentPassword = text(fields, 'currentPassword');
    if (currentPassword) {
      const refused = await reauthenticate(req, res, currentPassword);
      if (refused) {
        if (refused.status === 401 && refused.body.error.code !== 'invalid_credentials') return toSignIn(req, res);
        return area(req, res, { section, values: typed, errors: reauthenticationErrors(refused), reauthentication: true }, refused.status);
      }
    }
    const answer = await callApi(req, res, { method: 'patch', path: '/api/v1/me/profile', body: patchOf(fields), language: language(req) });
    if (answer.status === 401) return toSignIn(req, res);
    if (answer.status === 200) return res.redirect(303, here(req, `/area-clienti?salvato=${section}#profilo`));
    if (!isApiError(answer)) throw new Error(`unexpected answer ${answer.status} to a profile edit`);
    if (answer.body.error.code === 'reauthentication_required') {
      return area(req, res, { section, values: typed, reauthentication: true, errors: { byField: {}, list: [{ path: 'currentPassword', message: pageText('reauthHint', language(req)), anchor: 'f-currentPassword' }] } }, 403);
    }
    area(req, res, { section, values: typed, errors: pageErrorsOf(answer) }, answer.status);
  });

  /** The password of the signed-in login (`POST /api/v1/me/password`), with the password asked again when the sign-in is old. */
  router.post('/area-clienti/password', ...forms, async (req, res) => {
    const fields = req.body as Fields;
    const currentPassword = text(fields, 'currentPassword');
    if (currentPassword) {
      const refused = await reauthenticate(req, res, currentPassword);
      if (refused) return area(req, res, { section: 'password', errors: reauthenticationErrors(refused), reauthentication: true }, refused.status);
    }
    const body = { password: text(fields, 'password'), passwordConfirmation: text(fields, 'passwordConfirmation') };
    const answer = await callApi(req, res, { method: 'post', path: '/api/v1/me/password', body, language: language(req) });
    if (answer.status === 401) return toSignIn(req, res);
    if (answer.status < 300) return res.redirect(303, here(req, '/area-clienti?salvato=password#login'));
    if (!isApiError(answer)) throw new Error(`unexpected answer ${answer.status} to a password change`);
    if (answer.body.error.code === 'reauthentication_required') {
      return area(req, res, { section: 'password', reauthentication: true, errors: { byField: {}, list: [{ path: 'currentPassword', message: pageText('reauthHint', language(req)), anchor: 'f-currentPassword' }] } }, 403);
    }
    area(req, res, { section: 'password', errors: pageErrorsOf(answer) }, answer.status);
  });

  router.post('/area-clienti/servizi/:serviceId/rinnovo', ...forms, async (req, res) => {
    const months = Number(text(req.body as Fields, 'months'));
    const answer = await callApi<{ orderId: string }>(req, res, {
      method: 'post',
      path: `/api/v1/me/services/${encodeURIComponent(String(req.params.serviceId))}/renewal`,
      body: { months: Number.isFinite(months) ? months : 0 },
      language: language(req),
    });
    if (answer.status === 401) return toSignIn(req, res);
    if (answer.status === 202) return res.redirect(303, here(req, `/area-clienti?rinnovo=${encodeURIComponent(answer.body.orderId)}#servizi`));
    if (!isApiError(answer)) throw new Error(`unexpected answer ${answer.status} to a renewal`);
    area(req, res, { errors: pageErrorsOf(answer, () => undefined) }, answer.status);
  });

  const correctionPage = async (req: Request, res: Response, view: { values?: Record<string, unknown>; errors?: PageErrors; sent?: boolean } = {}, status = 200) => {
    const me = await callApi<Me>(req, res, { method: 'get', path: '/api/v1/me', language: language(req) });
    if (me.status === 401) return toSignIn(req, res);
    if (isApiError(me)) return deps.renderApiError(req, res, me);
    render(
      req,
      res,
      'correction',
      {
        title: pageText('correctionTitle', language(req)),
        username: me.body.username,
        fields: CORRECTABLE_FIELDS.filter((field) => me.body.profile.holder[field.split('.')[1]!]).map((field) => ({ code: field, text: pageText(field, language(req)) })),
        action: here(req, '/area-clienti/correzione'),
        ...view,
      },
      status,
    );
  };
  router.get('/area-clienti/correzione', (req, res) => correctionPage(req, res));
  router.post('/area-clienti/correzione', ...forms, async (req, res) => {
    const fields = req.body as Fields;
    const body = { field: text(fields, 'field'), value: text(fields, 'value'), reason: text(fields, 'reason') };
    const answer = await callApi(req, res, { method: 'post', path: '/api/v1/me/corrections', body, language: language(req) });
    if (answer.status === 401) return toSignIn(req, res);
    if (answer.status === 202) return correctionPage(req, res, { sent: true });
    if (!isApiError(answer)) throw new Error(`unexpected answer ${answer.status} to a correction request`);
    correctionPage(req, res, { values: body, errors: pageErrorsOf(answer) }, answer.status);
  });

  return router;
}

function noticeOf(req: Request): string | undefined {
  const { language } = pageLanguageOf(req);
  if (req.query.salvato === 'password') return pageText('passwordChanged', language);
  if (typeof req.query.salvato === 'string') return pageText('profileSaved', language);
  if (typeof req.query.rinnovo === 'string') return pageText('renewed', language, { orderId: req.query.rinnovo });
  return undefined;
}
