import { normalizeRegistration, registrationFormSchema, validateRegistration } from '../../../domain/registration';
import { personForm } from '../../support/registration-samples';

const today = new Date(Date.UTC(2026, 10, 22));
const problemsOf = (input: unknown) => validateRegistration(registrationFormSchema.parse(input), today);
const withAddress = (address: Record<string, string>) => problemsOf({ ...personForm, address });

describe('validateRegistration', () => {
  it('accepts a complete, correct form of a private person', () => {
    expect(problemsOf(personForm)).toEqual([]);
  });

  it('reports every missing field at once for an empty form', () => {
    expect(problemsOf({})).toEqual([
      { path: 'subjectType', rule: 'required' },
      { path: 'address.street', rule: 'required' },
      { path: 'address.city', rule: 'required' },
      { path: 'address.postalCode', rule: 'required' },
      { path: 'address.province', rule: 'required' },
      { path: 'phone', rule: 'required' },
      { path: 'email', rule: 'required' },
      { path: 'emailConfirmation', rule: 'required' },
      { path: 'privacy.noticeAccepted', rule: 'must_accept' },
      { path: 'privacy.processingConsent', rule: 'required' },
    ]);
  });

  it('reports every failing field at once, each with its rule', () => {
    const problems = problemsOf({
      subjectType: 'libero_professionista',
      holder: { firstName: 'Mario', lastName: 'Rossi', taxCode: 'RSSMRA80B30H501X' /* 30 February */, vatNumber: '00488410011', companyName: 'Studio Rossi' },
      address: { street: 'Via Roma 1', postalCode: '0018', city: 'Milano', province: 'RM', country: 'IT' },
      phone: '+39 123',
      email: 'mario@localhost',
      emailConfirmation: 'mario@example.it',
      recovery: { question: 'Colore preferito?', answer: 'no' },
      privacy: { noticeAccepted: false, processingConsent: false },
    });
    expect(problems).toEqual([
      { path: 'holder.companyName', rule: 'not_allowed', params: { subjectType: 'libero_professionista' } },
      { path: 'holder.taxCode', rule: 'birth_date' },
      { path: 'holder.vatNumber', rule: 'checksum' },
      { path: 'address.postalCode', rule: 'format' },
      { path: 'address.city', rule: 'comune_not_in_province', params: { province: 'RM' } },
      { path: 'phone', rule: 'phone' },
      { path: 'email', rule: 'email' },
      { path: 'emailConfirmation', rule: 'mismatch' },
      { path: 'recovery.answer', rule: 'min_length', params: { min: 6 } },
      { path: 'privacy.noticeAccepted', rule: 'must_accept' },
    ]);
  });

  describe('address', () => {
    it('refuses an unknown province, and then does not judge the comune', () => {
      expect(withAddress({ street: 'Via Roma 1', postalCode: '00186', city: 'Roma', province: 'XX' })).toEqual([{ path: 'address.province', rule: 'unknown_province' }]);
    });

    it('accepts the province in lower case and the comune without its accent', () => {
      expect(withAddress({ street: 'Corso della Repubblica 1', postalCode: '47121', city: 'forli', province: 'fc' })).toEqual([]);
    });

    it('refuses a comune of another province', () => {
      expect(withAddress({ street: 'Via Roma 1', postalCode: '20121', city: 'Roma', province: 'MI' })).toEqual([
        { path: 'address.city', rule: 'comune_not_in_province', params: { province: 'MI' } },
      ]);
    });

    it('accepts a foreign address with free-form postal code and province', () => {
      expect(withAddress({ street: '10 Downing Street', postalCode: 'SW1A 2AA', city: 'London', country: 'GB' })).toEqual([]);
      expect(withAddress({ street: 'Rue de Rivoli 1', city: 'Paris', province: 'Île-de-France', country: 'fr' })).toEqual([]);
    });

    it('refuses an unknown country and still wants street and city', () => {
      expect(withAddress({ country: 'XX' })).toEqual([
        { path: 'address.street', rule: 'required' },
        { path: 'address.city', rule: 'required' },
        { path: 'address.country', rule: 'unknown_country' },
      ]);
    });
  });

  describe('contacts', () => {
    it('compares the e-mail confirmation without case', () => {
      expect(problemsOf({ ...personForm, emailConfirmation: 'Mario.Rossi@Example.IT' })).toEqual([]);
    });

    it('refuses a confirmation that differs, and says only that when the address itself is fine', () => {
      expect(problemsOf({ ...personForm, emailConfirmation: 'mario.rosi@example.it' })).toEqual([{ path: 'emailConfirmation', rule: 'mismatch' }]);
    });

    it.each(['mario.rossi', 'mario@', '@example.it', 'mario@example', 'mario rossi@example.it', 'mario@@example.it'])('refuses the e-mail %s', (email) => {
      expect(problemsOf({ ...personForm, email, emailConfirmation: email })).toEqual([{ path: 'email', rule: 'email' }]);
    });

    it('refuses a phone number that is not a real one', () => {
      expect(problemsOf({ ...personForm, phone: '+39 06' })).toEqual([{ path: 'phone', rule: 'phone' }]);
    });
  });

  describe('recovery question', () => {
    it('is optional: absent or left blank', () => {
      expect(problemsOf({ ...personForm, recovery: undefined })).toEqual([]);
      expect(problemsOf({ ...personForm, recovery: { question: ' ', answer: '' } })).toEqual([]);
    });

    it('needs both the question and the answer', () => {
      expect(problemsOf({ ...personForm, recovery: { question: 'Colore preferito?' } })).toEqual([{ path: 'recovery.answer', rule: 'required' }]);
      expect(problemsOf({ ...personForm, recovery: { answer: 'rosso' } })).toEqual([{ path: 'recovery.question', rule: 'required' }]);
    });

    it('wants an answer of at least 6 letters or digits once normalized (spaces and punctuation do not count)', () => {
      for (const answer of [' bl ', 'Roma', 'a-b-c-d-e', 'Forlì']) {
        expect(problemsOf({ ...personForm, recovery: { question: 'Città natale?', answer } })).toEqual([
          { path: 'recovery.answer', rule: 'min_length', params: { min: 6 } },
        ]);
      }
      expect(problemsOf({ ...personForm, recovery: { question: 'Città natale?', answer: 'Reggio Emilia' } })).toEqual([]);
      expect(problemsOf({ ...personForm, recovery: { question: 'Città natale?', answer: 'Milano' } })).toEqual([]);
    });
  });

  describe('privacy', () => {
    it('wants the notice acknowledged and an explicit choice on processing; marketing may be left out', () => {
      expect(problemsOf({ ...personForm, privacy: { noticeAccepted: true, processingConsent: false } })).toEqual([]);
      expect(problemsOf({ ...personForm, privacy: { processingConsent: true } })).toEqual([{ path: 'privacy.noticeAccepted', rule: 'must_accept' }]);
    });
  });
});

describe('normalizeRegistration', () => {
  it('stores trimmed values, upper-case codes, the phone in E.164 and the e-mail domain in lower case', () => {
    const form = registrationFormSchema.parse({
      subjectType: 'libero_professionista',
      holder: { firstName: '  Mario ', lastName: 'De  Rossi', companyName: '', taxCode: 'rssmra 80a01 h501u', vatNumber: ' 01573850516 ' },
      address: { street: ' Via del Corso  1 ', postalCode: '00186', city: 'Roma ', province: 'rm' },
      phone: '06 6982 1234',
      email: ' Mario.Rossi@Example.IT ',
      emailConfirmation: 'mario.rossi@example.it',
      recovery: { question: ' Colore preferito? ', answer: ' rosso fuoco ' },
      privacy: { noticeAccepted: true, processingConsent: true },
    });
    expect(validateRegistration(form, today)).toEqual([]);
    expect(normalizeRegistration(form)).toEqual({
      subjectType: 'libero_professionista',
      holder: { firstName: 'Mario', lastName: 'De Rossi', taxCode: 'RSSMRA80A01H501U', vatNumber: '01573850516' },
      address: { street: 'Via del Corso 1', postalCode: '00186', city: 'Roma', province: 'RM', country: 'IT' },
      phone: '+390669821234',
      email: 'Mario.Rossi@example.it',
      recovery: { question: 'Colore preferito?', answer: 'rosso fuoco' },
      privacy: { noticeAccepted: true, processingConsent: true, marketingConsent: false },
    });
  });

  it('stores the comune as ISTAT spells it', () => {
    const form = registrationFormSchema.parse({ ...personForm, address: { street: 'Corso della Repubblica 1', postalCode: '47121', city: "FORLI'", province: 'fc' } });
    expect(normalizeRegistration(form).address).toMatchObject({ city: 'Forlì', province: 'FC' });
  });

  it('matches the sample submission the signup workflow receives', () => {
    const normalized = normalizeRegistration(registrationFormSchema.parse(personForm));
    expect(normalized.phone).toBe('+390669821234');
    expect(normalized.recovery).toEqual(personForm.recovery);
  });

  it('keeps a foreign province as typed and leaves out what was not given', () => {
    const form = registrationFormSchema.parse({ ...personForm, address: { street: '10 Downing Street', city: 'London', country: 'gb' }, recovery: undefined });
    expect(normalizeRegistration(form)).toMatchObject({ address: { street: '10 Downing Street', postalCode: '', city: 'London', province: '', country: 'GB' }, recovery: undefined });
  });

  it('refuses a form without a subject type (it must be validated first)', () => {
    expect(() => normalizeRegistration(registrationFormSchema.parse({}))).toThrow(/validateRegistration/);
  });
});
