import * as codiceFiscaleJs from 'codice-fiscale-js';
import { birthDateOf, checkCodiceFiscale, codiceFiscaleCheckCharacter } from '../../../domain/registration';

// The independent oracle: codice-fiscale-js (its CommonJS build exports `{ CodiceFiscale }`).
const { CodiceFiscale } = codiceFiscaleJs as unknown as { CodiceFiscale: typeof codiceFiscaleJs.default };
const today = new Date(Date.UTC(2026, 10, 22)); // 22 November 2026
/** A code with its right check character, computed by the oracle. */
const withCheck = (first15: string) => first15 + CodiceFiscale.getCheckCode(first15);

describe('checkCodiceFiscale, personal codes (16 characters)', () => {
  it.each([
    ['RSSMRA80A01H501U', 'Mario Rossi, born in Roma on 1 January 1980'],
    ['BNCMRA85L55F205D', 'Maria Bianchi, a woman (day + 40), born in Milano on 15 July 1985'],
    ['SMTJHN90C10Z114K', 'John Smith, born in the United Kingdom (Z114)'],
    ['VRDNNA00B69Z404I', 'Anna Verdi, born in the USA on 29 February 2000 (a leap year)'],
    ['RSSMRA60A01A012D', 'born in 1960 in Abetone (A012), a comune suppressed in 2017'],
    ['RSSMRA26S22H501E', 'born today'],
  ])('accepts %s (%s)', (code) => {
    expect(checkCodiceFiscale(code, today)).toBeNull();
    expect(CodiceFiscale.check(code)).toBe(true);
  });

  it('computes the same check character as codice-fiscale-js', () => {
    for (const code of ['RSSMRA80A01H501U', 'BNCMRA85L55F205D', 'SMTJHN90C10Z114K', 'VRDNNA00B69Z404I', 'RSSMRAULALMHRLMX']) {
      expect(codiceFiscaleCheckCharacter(code.slice(0, 15))).toBe(CodiceFiscale.getCheckCode(code.slice(0, 15)));
    }
  });

  it('accepts every omocodia variant (digits replaced by LMNPQRSTUV, check character recomputed)', () => {
    const variants: string[] = CodiceFiscale.getOmocodie('RSSMRA80A01H501U');
    expect(variants).toHaveLength(127); // 2^7 - 1: each of the seven numeric places substituted or not
    expect(variants).toContain(withCheck('RSSMRA80A01H50M'));
    for (const variant of variants) expect([variant, checkCodiceFiscale(variant, today)]).toEqual([variant, null]);
  });

  it('reads the birth date and birthplace through omocodia letters', () => {
    const everyDigitReplaced = withCheck('RSSMRAULALMHRLM'); // 80, 01 and 501 written as letters
    expect(checkCodiceFiscale(everyDigitReplaced, today)).toBeNull();
    expect(birthDateOf(everyDigitReplaced, today)).toEqual({ year: 1980, month: 1, day: 1 });
    expect(checkCodiceFiscale(withCheck('RSSMRA80A01Z99V'), today)).toBe('birthplace'); // Z999 in disguise
  });

  it.each([
    ['RSSMRA80A01H501', 'too short'],
    ['RSSMRA80A01H501UX', 'too long'],
    ['RSSMRA80F01H501U', 'F is no month letter'],
    ['RSSMRA8XA01H501U', 'X is no omocodia letter'],
    ['RSSMRA80A01-H501', 'punctuation'],
    ['rssmra80a01h501u', 'lower case (callers upper-case first)'],
    ['1234567890', 'ten digits'],
  ])('refuses %s as format (%s)', (code) => {
    expect(checkCodiceFiscale(code, today)).toBe('format');
  });

  it('refuses a wrong check character as checksum', () => {
    expect(checkCodiceFiscale('RSSMRA80A01H501X', today)).toBe('checksum');
    expect(checkCodiceFiscale('RSSMRA80A01H502U', today)).toBe('checksum'); // a typo in the place
    expect(CodiceFiscale.check('RSSMRA80A01H501X')).toBe(false);
  });

  it.each([
    ['RSSMRA80B30H501', '30 February'],
    ['RSSMRA80D31H501', '31 April'],
    ['RSSMRA81B29H501', '29 February 1981, not a leap year'],
    ['RSSMRA80A00H501', 'day 0'],
    ['RSSMRA80A35H501', 'day 35 (neither 1–31 nor 41–71)'],
    ['RSSMRA80A72H501', 'day 72 (a woman born on the 32nd)'],
    ['RSSMRA26T30H501', '30 December 2026, after today'],
    ['RSSMRA26S23H501', 'tomorrow'],
  ])('refuses %s as birth_date (%s)', (first15) => {
    expect(checkCodiceFiscale(withCheck(first15), today)).toBe('birth_date');
  });

  it('takes the latest year with those two digits that is not after today', () => {
    expect(birthDateOf('RSSMRA26A01H501', today)?.year).toBe(2026);
    expect(birthDateOf('RSSMRA27A01H501', today)?.year).toBe(1927);
    expect(birthDateOf('RSSMRA00B29H501', today)?.year).toBe(2000);
  });

  it.each([
    ['RSSMRA80A01Z999', 'Z999, no foreign state'],
    ['RSSMRA80A01A000', 'A000, no comune'],
  ])('refuses %s as birthplace (%s)', (first15) => {
    expect(checkCodiceFiscale(withCheck(first15), today)).toBe('birthplace');
  });
});

describe('checkCodiceFiscale, numeric codes (11 digits)', () => {
  it.each(['00488410010', '02438750586', '80012345676', '97123450005'])('accepts %s (same check digit as the partita IVA)', (code) => {
    expect(checkCodiceFiscale(code, today)).toBeNull();
  });

  it('refuses a wrong check digit as checksum', () => {
    expect(checkCodiceFiscale('00488410011', today)).toBe('checksum');
    expect(checkCodiceFiscale('80012345678', today)).toBe('checksum');
  });
});
