import { normalizeSecretAnswer } from '../../domain/secret-answer';

describe('secret answer normalization', () => {
  it('ignores case, accents and spacing', () => {
    expect(normalizeSecretAnswer('  Città  di   Roma ')).toBe('citta di roma');
    expect(normalizeSecretAnswer('CITTÀ DI ROMA')).toBe(normalizeSecretAnswer('citta di roma'));
  });

  it('treats tabs, line breaks and non-breaking spaces as one space', () => {
    expect(normalizeSecretAnswer('Fido\t\n il\u00a0 cane')).toBe('fido il cane');
  });

  it('turns punctuation into a space', () => {
    expect(normalizeSecretAnswer('Anna-Maria, Rossi.')).toBe('anna maria rossi');
    expect(normalizeSecretAnswer('Anna-Maria')).toBe(normalizeSecretAnswer('anna maria'));
  });

  it("drops apostrophes, typed or typographic, so an elision is written either way", () => {
    expect(normalizeSecretAnswer("Sant'Angelo")).toBe('santangelo');
    expect(normalizeSecretAnswer('Sant’Angelo')).toBe(normalizeSecretAnswer('Santangelo'));
  });

  it('decomposes compatibility characters and combining accents', () => {
    expect(normalizeSecretAnswer('Ｒｏｍａ ①')).toBe('roma 1');
    expect(normalizeSecretAnswer('Citta\u0300')).toBe('citta');
    expect(normalizeSecretAnswer('İstanbul')).toBe('istanbul');
  });

  it('keeps digits and letters of any script', () => {
    expect(normalizeSecretAnswer('Via Roma 12/B')).toBe('via roma 12 b');
    expect(normalizeSecretAnswer('Москва')).toBe('москва');
  });

  it('leaves nothing of an answer made of spaces and punctuation', () => {
    expect(normalizeSecretAnswer(' ?! - ')).toBe('');
  });

  it('is idempotent', () => {
    const once = normalizeSecretAnswer("  L'Aquila — Città  ");
    expect(normalizeSecretAnswer(once)).toBe(once);
  });
});
