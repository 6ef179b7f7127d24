/** What a page shows next to each password criterion, in Italian and English. */
import { PASSWORD_POLICY, type PasswordCriterionId } from './password-policy';

export type CriterionLanguage = 'it' | 'en';

const { minLength, maxLength } = PASSWORD_POLICY;

export const PASSWORD_CRITERIA_MESSAGES: Readonly<Record<PasswordCriterionId, Readonly<Record<CriterionLanguage, string>>>> = {
  length: { it: `Da ${minLength} a ${maxLength} caratteri`, en: `${minLength} to ${maxLength} characters` },
  lowercase: { it: 'Almeno una lettera minuscola', en: 'At least one lowercase letter' },
  uppercase: { it: 'Almeno una lettera maiuscola', en: 'At least one uppercase letter' },
  digit: { it: 'Almeno un numero', en: 'At least one number' },
  symbol: { it: 'Almeno un carattere speciale (ad es. ! ? @ # $ % &)', en: 'At least one special character (e.g. ! ? @ # $ % &)' },
  no_personal_data: {
    it: 'Non contiene i tuoi dati (username, nome, cognome, ragione sociale, codice fiscale, email)',
    en: 'Does not contain your details (username, name, surname, company name, tax code, e-mail)',
  },
  not_common: { it: 'Non è una password comune o facile da indovinare', en: 'Is not a common or easily guessed password' },
};

/** The text of one criterion in the customer's language. */
export function criterionMessage(id: PasswordCriterionId, language: CriterionLanguage): string {
  return PASSWORD_CRITERIA_MESSAGES[id][language];
}
