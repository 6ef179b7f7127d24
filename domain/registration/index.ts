export { SUBJECT_TYPES, registrationFormSchema, type RegistrationForm, type SubjectType } from './registration-form';
export { HOLDER_FIELDS, HOLDER_RULES, type FieldPresence, type HolderField, type HolderRules, type TaxCodeKind } from './subject-types';
export { birthDateOf, checkCodiceFiscale, codiceFiscaleCheckCharacter, isNumericCodiceFiscale, isPersonalCodiceFiscale, type CodiceFiscaleRule } from './codice-fiscale';
export { checkPartitaIva, hasValidCheckDigit, isValidOfficeCode, type PartitaIvaRule } from './partita-iva';
export { PROVINCE_CODES, isComuneInProvince, isKnownBelfioreCode, isKnownCountry, isKnownProvince, isPostalCodeFormat, officialComuneName, placeNameKey } from './places';
export { isValidPhoneNumber, toE164 } from './phone';
export { normalizeRegistration, validateRegistration, type NormalizedRegistration } from './validate-registration';
