import { randomUUID } from 'node:crypto';
import type { Request, Response } from 'express';
import { PRIVACY_NOTICE_VERSION } from '../../domain/privacy';
import { HOLDER_FIELDS, HOLDER_RULES } from '../../domain/registration/subject-types';
import { PROVINCE_CODES } from '../../domain/registration/places';
import { SUBJECT_TYPES, type SubjectType } from '../../domain/registration/registration-form';
import { PASSWORD_CRITERIA_MESSAGES } from '../../domain/password-criteria-messages';
import { pageLanguageOf } from './language';
import { pageText } from './page-texts';
import type { PageErrors, RenderPage } from './render';

/** The "Modulo di Registrazione" of signup and REGISTRATI: one template, the API's own body. */

export type FormFields = Record<string, unknown>;

const AUTOCOMPLETE: Record<string, string> = { firstName: 'given-name', lastName: 'family-name', companyName: 'organization', taxCode: 'off', vatNumber: 'off' };
const CONSENTS = ['privacy.processingConsent', 'privacy.marketingConsent'];

export function subjectTypeOf(value: unknown): SubjectType | undefined {
  return (SUBJECT_TYPES as readonly unknown[]).includes(value) ? (value as SubjectType) : undefined;
}

/** The posted fields (named by their API path, e.g. `holder.taxCode`) as the API's registration form. */
export function registrationFormFrom(fields: FormFields): Record<string, unknown> {
  const text = (name: string) => (typeof fields[name] === 'string' ? (fields[name] as string) : undefined);
  const choice = (name: string) => (text(name) === 'yes' ? true : text(name) === 'no' ? false : undefined);
  const subjectType = subjectTypeOf(text('subjectType'));
  const holder: Record<string, string> = {};
  // Only the fields the chosen type shows are sent: the others were never on the page.
  for (const field of HOLDER_FIELDS) {
    if (subjectType && HOLDER_RULES[subjectType].fields[field] === 'not_allowed') continue;
    holder[field] = text(`holder.${field}`) ?? '';
  }
  const question = text('recovery.question') ?? '';
  const answer = text('recovery.answer') ?? '';
  return {
    subjectType,
    holder,
    address: {
      street: text('address.street') ?? '',
      postalCode: text('address.postalCode') ?? '',
      city: text('address.city') ?? '',
      province: text('address.province') ?? '',
      country: text('address.country') ?? '',
    },
    phone: text('phone') ?? '',
    email: text('email') ?? '',
    emailConfirmation: text('emailConfirmation') ?? '',
    ...(question || answer ? { recovery: { question, answer } } : {}),
    privacy: { noticeAccepted: text('privacy.noticeAccepted') === 'yes', processingConsent: choice('privacy.processingConsent'), marketingConsent: choice('privacy.marketingConsent') },
  };
}

/** Typed values as the template reads them back (nested by path); passwords and the secret answer are never sent back. */
export function typedValues(fields: FormFields): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(fields)) {
    if (name === 'recovery.answer' || name === '_csrf' || /password/i.test(name) || typeof value !== 'string') continue;
    const keys = name.split('.');
    let at = values;
    for (const key of keys.slice(0, -1)) at = (at[key] ??= {}) as Record<string, unknown>;
    at[keys.at(-1)!] = value;
  }
  return values;
}

export interface RegistrationFormView {
  title: string;
  intro?: string;
  /** Where the form posts, and where the subject-type choice (a GET) goes. */
  action: string;
  chooseAction: string;
  /** Query values the subject-type choice keeps (e.g. an order's token). */
  hiddenQuery?: { name: string; value: string }[];
  subjectType?: SubjectType;
  values?: Record<string, unknown>;
  errors?: PageErrors;
  idempotencyKey?: string;
}

export function renderRegistrationForm(render: RenderPage, req: Request, res: Response, view: RegistrationFormView, status = 200): void {
  const { subjectType } = view;
  const changeType = new URL(view.chooseAction, 'http://page.invalid');
  for (const { name, value } of view.hiddenQuery ?? []) changeType.searchParams.set(name, value);
  const holderFields = subjectType
    ? HOLDER_FIELDS.filter((field) => HOLDER_RULES[subjectType].fields[field] !== 'not_allowed').map((field) => ({
        name: `holder.${field}`,
        autocomplete: AUTOCOMPLETE[field],
        required: HOLDER_RULES[subjectType].fields[field] === 'required',
        optional: HOLDER_RULES[subjectType].fields[field] === 'optional',
      }))
    : [];
  render(
    req,
    res,
    'registration-form',
    {
      ...view,
      values: { address: { country: 'IT' }, ...view.values },
      idempotencyKey: view.idempotencyKey ?? randomUUID(),
      changeTypeHref: changeType.pathname + changeType.search,
      subjectTypes: SUBJECT_TYPES,
      holderFields,
      provinces: PROVINCE_CODES,
      consents: CONSENTS,
      privacyHref: `/privacy/${PRIVACY_NOTICE_VERSION}`,
      privacyVersion: PRIVACY_NOTICE_VERSION,
    },
    status,
  );
}

/** The password criteria as first shown (the page's script then asks the API as the customer types). */
export function criteriaList(req: Request): { id: string; message: string }[] {
  const { language } = pageLanguageOf(req);
  return Object.entries(PASSWORD_CRITERIA_MESSAGES).map(([id, messages]) => ({ id, message: messages[language] }));
}

export const signupTitle = (req: Request) => pageText('signupTitle', pageLanguageOf(req).language);
