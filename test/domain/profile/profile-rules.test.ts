import { holderCorrectionProblems, normalizedHolderValue } from '../../../domain/profile/holder-correction';
import { holderKeysIn } from '../../../domain/profile/profile-patch';
import { profilePatchChanges, profilePatchProblems } from '../../../domain/profile/profile-patch-rules';
import type { ProfileView } from '../../../domain/profile/profile-view';

const signedUpAt = new Date('2026-01-10T10:00:00Z');
const today = new Date('2026-11-22T12:00:00Z');
const person: ProfileView = {
  subjectType: 'persona_fisica',
  holder: { firstName: 'Mario', lastName: 'Rossi', taxCode: 'RSSMRA80A01H501U' },
  address: { street: 'Via del Corso 1', postalCode: '00186', city: 'Roma', province: 'RM', country: 'IT' },
  phone: '+390669821234',
  email: 'mario.rossi@example.it',
  consents: [
    { kind: 'privacy_notice', granted: true, version: '2026-01', at: signedUpAt },
    { kind: 'processing', granted: true, version: '2026-01', at: signedUpAt },
    { kind: 'marketing', granted: false, version: '2026-01', at: signedUpAt },
  ],
};

describe('profile patch rules', () => {
  it('names the holder keys of a body, and nothing for a body that is not an object', () => {
    expect(holderKeysIn({ phone: '1', taxCode: 'x', holder: {} })).toEqual(['holder', 'taxCode']);
    expect(holderKeysIn([{ holder: 1 }])).toEqual([]);
    expect(holderKeysIn(null)).toEqual([]);
  });

  it('reports only the patched parts: a stored problem elsewhere never blocks a change', () => {
    const withOldPhone = { ...person, phone: '12' };
    expect(profilePatchProblems(withOldPhone, { email: 'a@b.it', emailConfirmation: 'a@b.it' }, today)).toEqual([]);
    expect(profilePatchProblems(withOldPhone, { phone: '12' }, today)).toEqual([{ path: 'phone', rule: 'phone' }]);
  });

  it('re-checks the whole address when one part of it changes', () => {
    expect(profilePatchProblems(person, { address: { province: 'MI' } }, today)).toEqual([{ path: 'address.city', rule: 'comune_not_in_province', params: { province: 'MI' } }]);
    expect(profilePatchProblems(person, { address: { country: 'FR', city: 'Paris', postalCode: '', province: '' } }, today)).toEqual([]);
  });

  it('normalizes like signup and appends consent records without touching the old ones', () => {
    const now = new Date('2026-11-22T12:30:00Z');
    const changes = profilePatchChanges(person, { phone: '06 4881 1234', address: { city: 'ROMA ' }, privacy: { marketingConsent: true } }, now);
    expect(changes).toEqual({
      phone: '+390648811234',
      address: { ...person.address, city: 'Roma' },
      consents: [...person.consents, { kind: 'marketing', granted: true, version: '2026-01', at: now }],
    });
  });

  it('needs the answer hash for a new secret question (a programming error otherwise)', () => {
    const patch = { recovery: { question: 'Colore?', answer: 'Verde' } };
    expect(() => profilePatchChanges(person, patch, today)).toThrow(/hash/);
    expect(profilePatchChanges(person, patch, today, '$argon2id$hash')).toEqual({ recovery: { question: 'Colore?', answerHash: '$argon2id$hash' } });
  });
});

describe('holder corrections', () => {
  it('checks the corrected value by the rules of the subject type', () => {
    expect(holderCorrectionProblems(person, 'holder.taxCode', 'RSSMRA80A01H501X', today)).toEqual([{ path: 'holder.taxCode', rule: 'checksum' }]);
    expect(holderCorrectionProblems(person, 'holder.vatNumber', '01573850516', today)).toEqual([{ path: 'holder.vatNumber', rule: 'not_allowed', params: { subjectType: 'persona_fisica' } }]);
    // Names keep their case as typed, so fixing the capitals is a correction of its own.
    expect(holderCorrectionProblems(person, 'holder.lastName', ' rossi ', today)).toEqual([]);
    expect(holderCorrectionProblems(person, 'holder.taxCode', 'rss mra 80a01 h501u', today)).toEqual([{ path: 'holder.taxCode', rule: 'unchanged' }]);
  });

  it('normalizes the value as it would be stored', () => {
    expect(normalizedHolderValue(person, 'holder.taxCode', 'rssmra 80a01 h501u')).toBe('RSSMRA80A01H501U');
    expect(normalizedHolderValue(person, 'holder.firstName', '  Maria   Grazia ')).toBe('Maria Grazia');
  });
});
