/**
 * The answer to the secret question, as it is hashed and compared: a customer who typed
 * "Città di Roma" at signup must be recognised when typing "citta di roma" years later.
 * Pure; see docs/password-policy.md.
 */

/**
 * Compatibility-decomposes (NFKD), drops accents and other combining marks, lower-cases, drops
 * apostrophes (an elision is written either way: "Sant'Angelo", "Santangelo"), and turns every
 * other run of spaces and punctuation into one space, trimmed ("Anna-Maria" = "anna maria").
 */
export function normalizeSecretAnswer(answer: string): string {
  return answer
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/['’‘`ʼ]/gu, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}
