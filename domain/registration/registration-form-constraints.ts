import { HOLDER_FIELDS, HOLDER_RULES } from './subject-types';

/**
 * The rules of `validateRegistration` that JSON Schema can state, for the OpenAPI document (attached
 * to `registrationFormSchema` as metadata): who needs which holder field (from `HOLDER_RULES`, the
 * table the validation reads), the Italian address, contacts, privacy and the secret question.
 * Parsing stays loose, so that a bad form still gets every problem at once. Checksums, the phone
 * plan, known comuni and the e-mail match are not expressible here.
 */
/** A required text: at least one non-blank character (the validation trims). */
export const FILLED = { pattern: '\\S' };
const BLANK = { type: 'string', pattern: '^\\s*$' };

const holderBySubjectType = Object.entries(HOLDER_RULES).map(([subjectType, rules]) => ({
  if: { properties: { subjectType: { const: subjectType } }, required: ['subjectType'] },
  then: {
    properties: {
      holder: {
        required: HOLDER_FIELDS.filter((field) => rules.fields[field] === 'required'),
        properties: Object.fromEntries(
          HOLDER_FIELDS.flatMap((field) => (rules.fields[field] === 'required' ? [[field, FILLED]] : rules.fields[field] === 'not_allowed' ? [[field, BLANK]] : [])),
        ),
      },
    },
  },
}));

export const registrationFormConstraints = {
  required: ['subjectType', 'holder', 'address', 'phone', 'email', 'emailConfirmation', 'privacy'],
  allOf: holderBySubjectType,
};

export const addressConstraints = {
  required: ['street', 'city'],
  // Italy (the default): CAP of five digits and a province.
  if: { properties: { country: { pattern: '^\\s*[Ii]\\s*[Tt]\\s*$' } } },
  then: { required: ['postalCode', 'province'], properties: { postalCode: { type: 'string', pattern: '^\\s*\\d{5}\\s*$' }, province: FILLED } },
};

export const privacyConstraints = { required: ['noticeAccepted', 'processingConsent'] };

export const recoveryConstraints = {
  dependentRequired: { question: ['answer'], answer: ['question'] },
};
