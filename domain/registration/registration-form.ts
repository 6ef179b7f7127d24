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

/** A person's name as the validation's PERSON_NAME takes it, after trimming; blank when not given. */
const personName = z.string().max(100).meta({ pattern: "^\\s*(?:\\p{L}[\\p{L}\\p{M}'’.\\s-]*)?$" }).optional();

const holderSchema = z.strictObject({
  firstName: personName,
  lastName: personName,
  /** Ragione sociale or denominazione. */
  companyName: text(200),
  /** Codice fiscale: 16 characters (people) or 11 digits (companies and entities). */
  // Shape only (11 digits, or 16 letters and digits; spaces ignored, as the validation does); the checksum is not expressible.
  taxCode: z.string().max(32).meta({ pattern: '^\\s*(?:(?:[A-Za-z0-9]\\s*){11}(?:(?:[A-Za-z0-9]\\s*){5})?)?$' }).optional(),
  /** Partita IVA: 11 digits. */
  vatNumber: z.string().max(32).meta({ pattern: '^\\s*(?:(?:\\d\\s*){11})?$' }).optional(),
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
