import { hasValidCheckDigit } from './partita-iva';
import { isKnownBelfioreCode } from './places';

export type CodiceFiscaleRule = 'format' | 'checksum' | 'birth_date' | 'birthplace';

// Surname(3) name(3) year(2) month(1) day(2) place(4) check(1); digits may be omocodia letters.
const PERSONAL_CODE = /^[A-Z]{6}[\dLMNPQRSTUV]{2}[ABCDEHLMPRST][\dLMNPQRSTUV]{2}[A-Z][\dLMNPQRSTUV]{3}[A-Z]$/;
const NUMERIC_CODE = /^\d{11}$/;
const MONTHS = 'ABCDEHLMPRST';
// Omocodia: the Agenzia delle Entrate replaces digits with these letters (0→L … 9→V) to tell apart equal codes.
const OMOCODIA_LETTERS = 'LMNPQRSTUV';
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
// Value of each character (0–9 then A–Z) in the odd places of the check-character algorithm (DM 23/12/1976).
const ODD_VALUES = [1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24, 23];

export function isPersonalCodiceFiscale(code: string): boolean {
  return PERSONAL_CODE.test(code);
}

export function isNumericCodiceFiscale(code: string): boolean {
  return NUMERIC_CODE.test(code);
}

/** The check character of the first 15 characters of a personal codice fiscale. */
export function codiceFiscaleCheckCharacter(first15: string): string {
  let sum = 0;
  for (let i = 0; i < 15; i++) {
    const char = first15.charAt(i);
    const isDigit = char >= '0' && char <= '9';
    const index = isDigit ? Number(char) : 10 + ALPHABET.indexOf(char);
    // 1-based odd places use the table; even places count 0–9 as themselves and A–Z as 0–25.
    sum += i % 2 === 0 ? (ODD_VALUES[index] ?? 0) : isDigit ? index : index - 10;
  }
  return ALPHABET.charAt(sum % 26);
}

/** Reverses omocodia: the digits the letters in the numeric places stand for. */
function decodeOmocodia(chars: string): string {
  return chars.replace(/[LMNPQRSTUV]/g, (letter) => String(OMOCODIA_LETTERS.indexOf(letter)));
}

const daysInMonth = (year: number, month: number): number =>
  month === 2 ? (year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28) : [4, 6, 9, 11].includes(month) ? 30 : 31;

/**
 * The birth date a personal code encodes, or null when it is no real date or lies after `today`.
 * The code has two year digits: the latest such year not after today's year is taken.
 */
export function birthDateOf(code: string, today: Date): { year: number; month: number; day: number } | null {
  const yearDigits = Number(decodeOmocodia(code.slice(6, 8)));
  const month = MONTHS.indexOf(code.charAt(8)) + 1;
  const dayCode = Number(decodeOmocodia(code.slice(9, 11)));
  const day = dayCode > 40 ? dayCode - 40 : dayCode; // women: day + 40
  const thisYear = today.getUTCFullYear();
  let year = thisYear - (thisYear % 100) + yearDigits;
  if (year > thisYear) year -= 100;
  if (month < 1 || day < 1 || day > daysInMonth(year, month)) return null;
  const isFuture =
    year === thisYear && (month > today.getUTCMonth() + 1 || (month === today.getUTCMonth() + 1 && day > today.getUTCDate()));
  return isFuture ? null : { year, month, day };
}

/**
 * Checks a codice fiscale (upper case, no spaces): a person's 16 characters or an organisation's
 * 11 digits. Returns the first failing rule, or null when the code is valid.
 */
export function checkCodiceFiscale(code: string, today: Date): CodiceFiscaleRule | null {
  if (isNumericCodiceFiscale(code)) return hasValidCheckDigit(code) ? null : 'checksum';
  if (!isPersonalCodiceFiscale(code)) return 'format';
  if (codiceFiscaleCheckCharacter(code.slice(0, 15)) !== code.charAt(15)) return 'checksum';
  if (!birthDateOf(code, today)) return 'birth_date';
  const birthplace = code.charAt(11) + decodeOmocodia(code.slice(12, 15));
  return isKnownBelfioreCode(birthplace) ? null : 'birthplace';
}
