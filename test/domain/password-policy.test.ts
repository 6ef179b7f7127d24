import { checkPassword, normalizePassword, PASSWORD_CRITERIA, PASSWORD_POLICY, type PasswordContext, type PasswordCriterionId } from '../../domain/password-policy';
import { criterionMessage, PASSWORD_CRITERIA_MESSAGES } from '../../domain/password-criteria-messages';

const STRONG = 'Vx7#kLm2Qz!p';
const mario: PasswordContext = {
  username: '1234567@aruba.it',
  firstName: 'Mario Niccolò',
  lastName: 'De Luca',
  taxCode: 'DLCMRA80A01H501U',
  email: 'super.mario85@example.it',
};

function met(password: string, id: PasswordCriterionId, context: PasswordContext = {}): boolean {
  const criterion = checkPassword(password, context).criteria.find((c) => c.id === id);
  if (!criterion) throw new Error(`criterion ${id} missing`);
  return criterion.met;
}

describe('password policy', () => {
  it('lists every criterion, always in the same order, whatever the password', () => {
    const expected = ['length', 'lowercase', 'uppercase', 'digit', 'symbol', 'no_personal_data', 'not_common'];
    expect(PASSWORD_CRITERIA).toEqual(expected);
    for (const password of ['', 'a', STRONG, 'password', 'x'.repeat(200)]) {
      expect(checkPassword(password, mario).criteria.map((c) => c.id)).toEqual(expected);
    }
  });

  it('accepts a password that meets every criterion', () => {
    const check = checkPassword(STRONG, mario);
    expect(check.criteria.every((c) => c.met)).toBe(true);
    expect(check.ok).toBe(true);
  });

  it('is not ok as soon as one criterion is unmet', () => {
    expect(checkPassword('Vx7kLm2Qzp', mario).ok).toBe(false);
  });

  it('shows nothing green before the customer types', () => {
    expect(checkPassword('', mario).criteria.filter((c) => c.met)).toEqual([]);
  });

  describe('length', () => {
    const { minLength, maxLength } = PASSWORD_POLICY;
    it(`is met from ${minLength} to ${maxLength} characters`, () => {
      expect(minLength).toBe(8);
      expect(maxLength).toBe(64);
      expect(met('Ab1!' + 'x'.repeat(minLength - 5), 'length')).toBe(false);
      expect(met('Ab1!' + 'x'.repeat(minLength - 4), 'length')).toBe(true);
      expect(met('Ab1!' + 'x'.repeat(maxLength - 4), 'length')).toBe(true);
      expect(met('Ab1!' + 'x'.repeat(maxLength - 3), 'length')).toBe(false);
    });

    it('counts characters, not UTF-16 units or bytes', () => {
      expect(met('😀😀😀😀Ab1!', 'length')).toBe(true);
      expect(met('😀😀😀Ab1!', 'length')).toBe(false);
    });
  });

  it.each<[PasswordCriterionId, string, string]>([
    ['lowercase', 'VX7#KLM2QZ!P', 'Vx7#KLM2QZ!P'],
    ['lowercase', 'ÀÈÌÒÙ1234!', 'ÀÈÌÒÙ1234!è'],
    ['uppercase', 'vx7#klm2qz!p', 'vx7#klm2qz!P'],
    ['uppercase', 'àèìòù1234!', 'àèìòù1234!È'],
    ['digit', 'Vx#kLmQz!p', 'Vx#kLmQz!p7'],
    ['symbol', 'Vx7kLm2Qzp', 'Vx7kLm2Qzp!'],
    ['symbol', 'Vx7kLm2Qzp', 'Vx7kLm2 Qzp'],
    ['symbol', 'Vx7kLm2Qzp', 'Vx7kLm2Qzp€'],
  ])('%s: unmet by %p, met by %p', (id, unmet, metBy) => {
    expect(met(unmet, id)).toBe(false);
    expect(met(metBy, id)).toBe(true);
  });

  describe('no personal data', () => {
    it.each([
      ['the username code', 'Xx!1234567q'],
      ['the first name', 'Xq!MARIO9zz'],
      ['a second first name, accents ignored', 'Xq!niccolo9z'],
      ['the surname', 'Xq!9lucaZZ'],
      ['the whole surname, without its space', 'Xq!DeLuca9z'],
      ['the codice fiscale, any case', 'x!dlcmra80a01h501u'],
      ['the e-mail local part', 'Q!super.mario85'],
      ['a piece of the e-mail local part', 'Xq!9Superzz'],
    ])('is unmet when the password contains %s (%s)', (_what, password) => {
      expect(met(password, 'no_personal_data', mario)).toBe(false);
    });

    it('finds names written without accents in the password when the name has them, and the other way round', () => {
      expect(met('Xq!Nicolo9zz', 'no_personal_data', { firstName: 'Nicolò' })).toBe(false);
      expect(met('Xq!Nicolò9zz', 'no_personal_data', { firstName: 'Nicolo' })).toBe(false);
      expect(met('Xq!ÇAĞLAR9z', 'no_personal_data', { lastName: 'çağlar' })).toBe(false);
    });

    it('ignores username codes shorter than 4 and name parts shorter than 3', () => {
      expect(met('Xq!123zzzz', 'no_personal_data', { username: '123@aruba.it' })).toBe(true);
      expect(met('Xq!Li9zzzz', 'no_personal_data', { firstName: 'Li', lastName: 'Bo' })).toBe(true);
      expect(met('Xq!Liu9zzz', 'no_personal_data', { firstName: 'Liu' })).toBe(false);
    });

    it('ignores legal forms and surname particles', () => {
      const company: PasswordContext = { companyName: 'Officine Rossi S.p.A.', lastName: 'Della Valle' };
      expect(met('Xq!spa9Della', 'no_personal_data', company)).toBe(true);
      expect(met('Xq!Officine9', 'no_personal_data', company)).toBe(false);
      expect(met('Xq!valle9zzz', 'no_personal_data', company)).toBe(false);
    });

    it('ignores e-mail local parts shorter than 3 characters', () => {
      expect(met('Xq!jo9zzzz', 'no_personal_data', { email: 'jo@example.it' })).toBe(true);
    });

    it('is met when the password shares nothing with the customer', () => {
      expect(met(STRONG, 'no_personal_data', mario)).toBe(true);
      expect(met(STRONG, 'no_personal_data', {})).toBe(true);
    });
  });

  describe('not common', () => {
    it.each(['password', '123456', 'qwerty', 'juventus', 'ciaociao', 'PASSWORD', 'Qwerty', 'passw0rd'])('is unmet by %p', (password) => {
      expect(met(password, 'not_common')).toBe(false);
    });

    it.each(['Juventus2024!', 'juventus1897', 'Password1!', 'Ciaociao!!', '!!Qwerty123', '2024Napoli', 'Passwórd1!'])(
      'is unmet by a common word with digits or symbols around it: %p',
      (password) => {
        expect(met(password, 'not_common')).toBe(false);
      },
    );

    it.each(['ForzaJuve1!', 'Forzainter', 'Fantacalcio2024!', 'TiAmo123!'])('is unmet by an Italian favourite from the supplement: %p', (password) => {
      expect(met(password, 'not_common')).toBe(false);
    });

    it.each(['Aaaaaaaa1!', 'Zzzzzzzz1!', 'Qweqweqwe1!', 'Ab1!Ab1!', 'Abcdefgh1!', '98765432!', '!Mnopqrs2'])(
      'is unmet by repeated or sequential characters, NIST-style: %p',
      (password) => {
        expect(met(password, 'not_common')).toBe(false);
      },
    );

    it('is met when a repeat or a run is only part of the password', () => {
      expect(met('Zz90871234!', 'not_common')).toBe(true);
      expect(met('Fiume-abcd-7', 'not_common')).toBe(true);
    });

    it('is unmet for a password that meets every other criterion but is common at its core', () => {
      const check = checkPassword('Juventus2024!', mario);
      expect(check.criteria.filter((c) => !c.met).map((c) => c.id)).toEqual(['not_common']);
      expect(check.ok).toBe(false);
    });

    it('is met when the common word is only part of a longer core', () => {
      expect(met('Juventus-Torino-Lazio!', 'not_common')).toBe(true);
      expect(met(STRONG, 'not_common')).toBe(true);
    });
  });

  it('checks the same NFKC form that is hashed', () => {
    expect(normalizePassword('ﬁ')).toBe('fi');
    expect(normalizePassword('e\u0301')).toBe('é');
  });

  it('is deterministic', () => {
    expect(checkPassword('Juventus2024!', mario)).toEqual(checkPassword('Juventus2024!', mario));
  });
});

describe('password criteria messages', () => {
  it('has an Italian and an English text for every criterion', () => {
    for (const id of PASSWORD_CRITERIA) {
      for (const language of ['it', 'en'] as const) {
        expect(criterionMessage(id, language)).toMatch(/^\S.{5,}\S$/);
      }
    }
    expect(Object.keys(PASSWORD_CRITERIA_MESSAGES).sort()).toEqual([...PASSWORD_CRITERIA].sort());
  });

  it('states the length bounds of the policy', () => {
    expect(criterionMessage('length', 'it')).toBe('Da 8 a 64 caratteri');
    expect(criterionMessage('length', 'en')).toBe('8 to 64 characters');
  });
});
