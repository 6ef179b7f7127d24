import { z } from 'zod';
import type { FieldProblem } from '../errors';
import { checkCodiceFiscale, isNumericCodiceFiscale, isPersonalCodiceFiscale } from './codice-fiscale';
import { checkPartitaIva } from './partita-iva';
import { isValidPhoneNumber, toE164 } from './phone';
import { isComuneInProvince, isKnownCountry, isKnownProvince, isPostalCodeFormat, officialComuneName } from './places';
import type { RegistrationForm, SubjectType } from './registration-form';
import { HOLDER_FIELDS, HOLDER_RULES, type HolderField, type TaxCodeKind } from './subject-types';
import { isSecretAnswerLongEnough, SECRET_ANSWER_MIN_LENGTH } from '../secret-answer';

// zod's e-mail pattern wants a dotted domain with a TLD, which is what "deliverable" can mean without DNS.
const emailAddress = z.email();
// Letters in any script, with the apostrophes, dots, hyphens and spaces of names like "D'Angelo-Rossi".
const PERSON_NAME = /^\p{L}[\p{L}\p{M}'’. -]*$/u;

/** Trimmed, inner runs of spaces as one; undefined when blank, because a form's empty inputs mean "not given". */
function filled(value: string | undefined): string | undefined {
  const text = value?.trim().replace(/\s+/g, ' ');
  return text ? text : undefined;
}

/** Codes are read without spaces and in upper case ("rss mra 80a01 h501u"). */
const asCode = (value: string): string => value.replace(/\s+/g, '').toUpperCase();

/**
 * Every rule of the registration form at once: required-by-subject-type, codes and their
 * checksums, the Italian address, phone, e-mail and its confirmation, recovery question, privacy.
 * Pure and deterministic (it also runs in Temporal's workflow sandbox): `today` bounds birth dates.
 */
export function validateRegistration(form: RegistrationForm, today: Date): FieldProblem[] {
  return [
    ...holderProblems(form, today),
    ...addressProblems(form.address),
    ...contactProblems(form),
    ...recoveryProblems(form.recovery),
    ...privacyProblems(form.privacy),
  ];
}

function holderProblems({ subjectType, holder }: RegistrationForm, today: Date): FieldProblem[] {
  const problems: FieldProblem[] = subjectType ? [] : [{ path: 'subjectType', rule: 'required' }];
  const rules = subjectType ? HOLDER_RULES[subjectType] : undefined;
  for (const field of HOLDER_FIELDS) {
    const path = `holder.${field}`;
    const value = filled(holder[field]);
    const presence = rules?.fields[field];
    if (value === undefined) {
      if (presence === 'required') problems.push({ path, rule: 'required' });
    } else if (presence === 'not_allowed' && subjectType) {
      problems.push({ path, rule: 'not_allowed', params: { subjectType } });
    } else {
      // Without a subject type, a given value is still checked for what it is.
      const rule = holderFieldRule(field, value, rules?.taxCodeKind ?? 'any', today);
      if (rule) problems.push({ path, rule });
    }
  }
  return problems;
}

function holderFieldRule(field: HolderField, value: string, taxCodeKind: TaxCodeKind, today: Date): string | null {
  switch (field) {
    case 'firstName':
    case 'lastName':
      return PERSON_NAME.test(value) ? null : 'format';
    case 'companyName':
      return null;
    case 'taxCode':
      return taxCodeRule(asCode(value), taxCodeKind, today);
    case 'vatNumber':
      return checkPartitaIva(asCode(value));
  }
}

function taxCodeRule(code: string, kind: TaxCodeKind, today: Date): string | null {
  if (kind === 'personal' && isNumericCodiceFiscale(code)) return 'personal_tax_code';
  if (kind === 'numeric' && isPersonalCodiceFiscale(code)) return 'numeric_tax_code';
  return checkCodiceFiscale(code, today);
}

/** Italian addresses are checked in depth; abroad, postal code and province are free-form. */
function addressProblems(address: RegistrationForm['address']): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const required = (path: string) => problems.push({ path: `address.${path}`, rule: 'required' });
  const country = asCode(address.country);
  const [street, postalCode, city, province] = [address.street, address.postalCode, address.city, address.province].map(filled);
  if (!street) required('street');
  if (!city) required('city');
  if (!country) required('country');
  else if (!isKnownCountry(country)) problems.push({ path: 'address.country', rule: 'unknown_country' });
  if (country !== 'IT') return problems;

  if (!postalCode) required('postalCode');
  else if (!isPostalCodeFormat(postalCode)) problems.push({ path: 'address.postalCode', rule: 'format' });
  if (!province) required('province');
  else if (!isKnownProvince(province)) problems.push({ path: 'address.province', rule: 'unknown_province' });
  else if (city && !isComuneInProvince(city, province)) {
    problems.push({ path: 'address.city', rule: 'comune_not_in_province', params: { province: province.toUpperCase() } });
  }
  return problems;
}

function contactProblems({ phone, email, emailConfirmation }: RegistrationForm): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const [givenPhone, givenEmail, givenConfirmation] = [phone, email, emailConfirmation].map(filled);
  if (!givenPhone) problems.push({ path: 'phone', rule: 'required' });
  else if (!isValidPhoneNumber(givenPhone)) problems.push({ path: 'phone', rule: 'phone' });
  if (!givenEmail) problems.push({ path: 'email', rule: 'required' });
  else if (!emailAddress.safeParse(givenEmail).success) problems.push({ path: 'email', rule: 'email' });
  if (!givenConfirmation) problems.push({ path: 'emailConfirmation', rule: 'required' });
  else if (givenEmail && givenConfirmation.toLowerCase() !== givenEmail.toLowerCase()) {
    problems.push({ path: 'emailConfirmation', rule: 'mismatch' });
  }
  return problems;
}

/** The secret question is optional, but a question needs its answer and an answer its question. */
function recoveryProblems(recovery: RegistrationForm['recovery']): FieldProblem[] {
  const question = filled(recovery?.question);
  const answer = filled(recovery?.answer);
  if (question && !answer) return [{ path: 'recovery.answer', rule: 'required' }];
  if (answer && !question) return [{ path: 'recovery.question', rule: 'required' }];
  // Counted as stored: after normalization ("!!!" normalizes to nothing, and could never be matched).
  if (answer && !isSecretAnswerLongEnough(answer)) {
    return [{ path: 'recovery.answer', rule: 'min_length', params: { min: SECRET_ANSWER_MIN_LENGTH } }];
  }
  return [];
}

/** The notice must be acknowledged; consent to processing is the customer's explicit yes or no. */
function privacyProblems(privacy: RegistrationForm['privacy']): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (privacy.noticeAccepted !== true) problems.push({ path: 'privacy.noticeAccepted', rule: 'must_accept' });
  if (privacy.processingConsent === undefined) problems.push({ path: 'privacy.processingConsent', rule: 'required' });
  return problems;
}

/** The form as it is stored: blanks dropped, codes in upper case, official comune name, phone in E.164, e-mail domain in lower case. */
export interface NormalizedRegistration {
  subjectType: SubjectType;
  holder: Partial<Record<HolderField, string>>;
  /** Abroad, `postalCode` and `province` may be empty. */
  address: { street: string; postalCode: string; city: string; province: string; country: string };
  phone: string;
  email: string;
  recovery?: { question: string; answer: string };
  privacy: { noticeAccepted: boolean; processingConsent: boolean; marketingConsent: boolean };
}

/** Normalizes a form that validateRegistration accepted (throws when it has no subject type). */
export function normalizeRegistration(form: RegistrationForm): NormalizedRegistration {
  if (!form.subjectType) throw new Error('normalizeRegistration needs a form that validateRegistration accepted');
  const holder: NormalizedRegistration['holder'] = {};
  for (const field of HOLDER_FIELDS) {
    const value = filled(form.holder[field]);
    if (value) holder[field] = field === 'taxCode' || field === 'vatNumber' ? asCode(value) : value;
  }
  const country = asCode(form.address.country);
  const province = filled(form.address.province) ?? '';
  const city = filled(form.address.city) ?? '';
  const phone = filled(form.phone) ?? '';
  const question = filled(form.recovery?.question);
  const answer = filled(form.recovery?.answer);
  return {
    subjectType: form.subjectType,
    holder,
    address: {
      street: filled(form.address.street) ?? '',
      postalCode: filled(form.address.postalCode) ?? '',
      // In Italy the comune is stored as ISTAT spells it, whatever the case and accents typed.
      city: (country === 'IT' && officialComuneName(city, province)) || city,
      province: country === 'IT' ? province.toUpperCase() : province,
      country,
    },
    phone: toE164(phone) ?? phone,
    email: withLowerCaseDomain(filled(form.email) ?? ''),
    recovery: question && answer ? { question, answer } : undefined,
    privacy: {
      noticeAccepted: form.privacy.noticeAccepted === true,
      processingConsent: form.privacy.processingConsent === true,
      marketingConsent: form.privacy.marketingConsent === true,
    },
  };
}

// The domain is case-insensitive; the local part belongs to the mail server, so it is kept as typed.
function withLowerCaseDomain(email: string): string {
  const at = email.lastIndexOf('@');
  return at < 0 ? email : email.slice(0, at) + email.slice(at).toLowerCase();
}
