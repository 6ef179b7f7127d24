import { z } from 'zod';
import { SUBJECT_TYPE_VALUES, type SubjectType } from '../../contracts/signup';
import { addressConstraints, FILLED, privacyConstraints, recoveryConstraints, registrationFormConstraints } from './registration-form-constraints';

/** Subject types of Aruba's "Modulo di registrazione"; "altro" is split into its three kinds. */
export const SUBJECT_TYPES = SUBJECT_TYPE_VALUES;
export type { SubjectType };

// Every string is optional: "required" depends on the subject type and the country, and is
// reported by validateRegistration together with every other problem. Lengths only bound the input.
const text = (max: number) => z.string().max(max).optional();
/** A text the validation requires: the OpenAPI document says it must not be blank. */
const filledText = (max: number) => z.string().max(max).meta(FILLED).optional();

const holderSchema = z.strictObject({
  firstName: text(100),
  lastName: text(100),
  /** Ragione sociale or denominazione. */
  companyName: text(200),
  /** Codice fiscale: 16 characters (people) or 11 digits (companies and entities). */
  taxCode: text(32),
  /** Partita IVA: 11 digits. */
  vatNumber: text(32),
});

const addressSchema = z.strictObject({
  street: filledText(200),
  /** CAP in Italy. */
  postalCode: text(16),
  /** Comune in Italy. */
  city: filledText(100),
  /** Sigla della provincia in Italy (RM, MI…); free-form abroad. */
  province: text(100),
  /** ISO 3166-1 alpha-2. */
  country: z.string().max(8).meta(FILLED).default('IT'),
}).meta(addressConstraints);

const recoverySchema = z.strictObject({ question: text(200), answer: text(200) }).meta(recoveryConstraints);

const privacySchema = z.strictObject({
  noticeAccepted: z.boolean().meta({ const: true }).optional(),
  processingConsent: z.boolean().optional(),
  marketingConsent: z.boolean().optional(),
}).meta(privacyConstraints);

/** The registration form's body (API.md), structure only: unknown fields, types and lengths. */
export const registrationFormSchema = z.strictObject({
  subjectType: z.enum(SUBJECT_TYPES).optional(),
  // prefault: a missing part parses as `{}`, so each of its fields is reported as required.
  holder: holderSchema.prefault({}),
  address: addressSchema.prefault({}),
  phone: filledText(32),
  email: z.string().max(254).meta({ ...FILLED, format: 'email' }).optional(),
  emailConfirmation: filledText(254),
  recovery: recoverySchema.optional(),
  privacy: privacySchema.prefault({}),
}).meta(registrationFormConstraints);

export type RegistrationForm = z.output<typeof registrationFormSchema>;
