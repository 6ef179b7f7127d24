import { parsePhoneNumberFromString } from 'libphonenumber-js/max';

// Numbers written without "+" are read as Italian ones, as the form's customers mostly are.
const DEFAULT_COUNTRY = 'IT';

/** A real number: `max` metadata checks the digits against each country's numbering plan, not only the length. */
export function isValidPhoneNumber(phone: string): boolean {
  return parsePhoneNumberFromString(phone, DEFAULT_COUNTRY)?.isValid() ?? false;
}

/** The number in E.164 (`+390669821234`), or null when it is not a valid number. */
export function toE164(phone: string): string | null {
  const parsed = parsePhoneNumberFromString(phone, DEFAULT_COUNTRY);
  return parsed?.isValid() ? parsed.number : null;
}
