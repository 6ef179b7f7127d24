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

/**
 * Letters and digits an answer needs once normalized (spaces and punctuation do not count): a short
 * answer ("Roma", "Fido") is guessed from a list in a few tries.
 * @defaultValue 6
 */
export const SECRET_ANSWER_MIN_LENGTH = 6;

/** Whether an answer, as it would be stored, is long enough; the one check signup and profile edits share. */
export function isSecretAnswerLongEnough(answer: string): boolean {
  return [...normalizeSecretAnswer(answer).replace(/ /g, '')].length >= SECRET_ANSWER_MIN_LENGTH;
}
