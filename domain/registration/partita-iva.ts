export type PartitaIvaRule = 'format' | 'office_code' | 'checksum';

/**
 * The check digit shared by the partita IVA and the numeric codice fiscale (a Luhn variant):
 * digits in odd places add up as they are, digits in even places doubled (minus 9 above 9).
 */
export function hasValidCheckDigit(elevenDigits: string): boolean {
  let sum = 0;
  for (let i = 0; i < 10; i++) {
    const digit = Number(elevenDigits[i]);
    const doubled = digit * 2;
    sum += i % 2 === 0 ? digit : doubled > 9 ? doubled - 9 : doubled;
  }
  return (10 - (sum % 10)) % 10 === Number(elevenDigits[10]);
}

/** Digits 8–10 name the Ufficio IVA that issued the number: 001–100 (provincial offices), 120, 121, 888, 999. */
export function isValidOfficeCode(officeCode: string): boolean {
  const office = Number(officeCode);
  return (office >= 1 && office <= 100) || [120, 121, 888, 999].includes(office);
}

/** Checks an Italian partita IVA (11 digits, no `IT` prefix); returns the first failing rule. */
export function checkPartitaIva(code: string): PartitaIvaRule | null {
  if (!/^\d{11}$/.test(code)) return 'format';
  if (!isValidOfficeCode(code.slice(7, 10))) return 'office_code';
  return hasValidCheckDigit(code) ? null : 'checksum';
}
