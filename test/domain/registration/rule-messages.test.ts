import { ruleMessage, ruleMessages } from '../../../api/messages';
import { registrationFormSchema, validateRegistration } from '../../../domain/registration';

/** Every rule name validateRegistration may report (docs/registration-rules.md). */
const REGISTRATION_RULES = [
  'required',
  'not_allowed',
  'format',
  'checksum',
  'office_code',
  'birth_date',
  'birthplace',
  'personal_tax_code',
  'numeric_tax_code',
  'unknown_province',
  'comune_not_in_province',
  'unknown_country',
  'phone',
  'email',
  'mismatch',
  'must_accept',
  'min_length',
];

describe('messages of the registration rules', () => {
  it.each(REGISTRATION_RULES)('%s has an Italian and an English message', (rule) => {
    expect(ruleMessages[rule]?.it).toBeTruthy();
    expect(ruleMessages[rule]?.en).toBeTruthy();
  });

  it('fills the province into the comune message', () => {
    expect(ruleMessage('comune_not_in_province', 'it', { province: 'MI' })).toBe('Il comune indicato non appartiene alla provincia MI.');
  });

  it('reports no rule outside that list, even for a form that breaks everything', () => {
    const forms = [
      {},
      {
        subjectType: 'azienda',
        holder: { firstName: 'X1', taxCode: 'RSSMRA80A01H501U', vatNumber: '12345671015' },
        address: { street: 'x', postalCode: 'abc', city: 'Roma', province: 'MI', country: 'IT' },
        phone: 'x',
        email: 'x',
        emailConfirmation: 'y',
        recovery: { answer: 'a' },
        privacy: { noticeAccepted: false },
      },
      { subjectType: 'persona_fisica', holder: { taxCode: 'RSSMRA80A01Z999Y', firstName: 'Mario', lastName: 'Rossi' }, address: { country: 'XX' }, recovery: { question: 'q?', answer: 'ab' } },
      { subjectType: 'ente_pubblico', holder: { companyName: 'Comune', taxCode: '00488410011' } },
    ];
    const rules = forms.flatMap((form) => validateRegistration(registrationFormSchema.parse(form), new Date(Date.UTC(2026, 10, 22))).map((p) => p.rule));
    expect(new Set(rules).size).toBeGreaterThan(12);
    for (const rule of rules) expect(REGISTRATION_RULES).toContain(rule);
  });
});
