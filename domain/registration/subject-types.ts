import type { SubjectType } from '../../contracts/signup';

export const HOLDER_FIELDS = ['firstName', 'lastName', 'companyName', 'taxCode', 'vatNumber'] as const;
export type HolderField = (typeof HOLDER_FIELDS)[number];

export type FieldPresence = 'required' | 'optional' | 'not_allowed';

/** Which codice fiscale a holder has: a person's 16 characters, an organisation's 11 digits, or either. */
export type TaxCodeKind = 'personal' | 'numeric' | 'any';

export interface HolderRules {
  fields: Record<HolderField, FieldPresence>;
  taxCodeKind: TaxCodeKind;
}

const R = 'required';
const O = 'optional';
const N = 'not_allowed';

/**
 * Holder fields per subject type, as Italian tax practice assigns the codes (see
 * docs/registration-rules.md): people and sole traders are identified by their personal codice
 * fiscale, organisations by their name and 11-digit numeric codice fiscale / partita IVA.
 */
export const HOLDER_RULES: Record<SubjectType, HolderRules> = {
  persona_fisica: { fields: { firstName: R, lastName: R, companyName: N, taxCode: R, vatNumber: N }, taxCodeKind: 'personal' },
  libero_professionista: { fields: { firstName: R, lastName: R, companyName: N, taxCode: R, vatNumber: R }, taxCodeKind: 'personal' },
  // A ditta individuale may trade under a name of its own ("Idraulica Rossi di Mario Rossi").
  ditta_individuale: { fields: { firstName: R, lastName: R, companyName: O, taxCode: R, vatNumber: R }, taxCodeKind: 'personal' },
  // A company's codice fiscale is numeric and usually equals its partita IVA, so it may be omitted.
  azienda: { fields: { firstName: N, lastName: N, companyName: R, taxCode: O, vatNumber: R }, taxCodeKind: 'numeric' },
  // Associations and public bodies always have a numeric codice fiscale; a partita IVA only with commercial activity.
  ente_no_profit: { fields: { firstName: N, lastName: N, companyName: R, taxCode: R, vatNumber: O }, taxCodeKind: 'numeric' },
  ente_pubblico: { fields: { firstName: N, lastName: N, companyName: R, taxCode: R, vatNumber: O }, taxCodeKind: 'numeric' },
  // Altri soggetti (condomini, comitati, studi associati, trust…): usually numeric, but not always.
  altro: { fields: { firstName: N, lastName: N, companyName: R, taxCode: R, vatNumber: O }, taxCodeKind: 'any' },
};
