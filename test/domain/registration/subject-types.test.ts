import { SUBJECT_TYPES, registrationFormSchema, validateRegistration, type SubjectType } from '../../../domain/registration';
import { personForm } from '../../support/registration-samples';

const today = new Date(Date.UTC(2026, 10, 22));
const holders = {
  person: { firstName: 'Mario', lastName: 'Rossi', taxCode: 'RSSMRA80A01H501U' },
  professional: { firstName: 'Mario', lastName: 'Rossi', taxCode: 'RSSMRA80A01H501U', vatNumber: '01573850516' },
  company: { companyName: 'Olivetti S.p.A.', vatNumber: '00488410010', taxCode: '00488410010' },
  entity: { companyName: 'Roma Capitale', taxCode: '02438750586' },
};

/** Holder problems of the sample form with another subject type and holder. */
function holderProblems(subjectType: SubjectType, holder: Record<string, string>) {
  const form = registrationFormSchema.parse({ ...personForm, subjectType, holder });
  return validateRegistration(form, today).filter((problem) => problem.path.startsWith('holder.') || problem.path === 'subjectType');
}

describe('holder fields per subject type', () => {
  it.each([
    ['persona_fisica', holders.person],
    ['libero_professionista', holders.professional],
    ['ditta_individuale', holders.professional],
    ['ditta_individuale', { ...holders.professional, companyName: 'Idraulica Rossi di Mario Rossi' }],
    ['azienda', holders.company],
    ['azienda', { companyName: 'Olivetti S.p.A.', vatNumber: '00488410010' }],
    ['ente_no_profit', { companyName: 'Associazione Amici del Libro', taxCode: '80012345676' }],
    ['ente_pubblico', holders.entity],
    ['ente_pubblico', { ...holders.entity, vatNumber: '01573850516' }],
    ['altro', { companyName: 'Condominio Via Roma 1', taxCode: '80012345676' }],
    ['altro', { companyName: 'Comitato di quartiere', taxCode: 'RSSMRA80A01H501U' }],
  ] as const)('a %s with %j has no holder problem', (subjectType, holder) => {
    expect(holderProblems(subjectType, holder)).toEqual([]);
  });

  it.each([
    ['persona_fisica', ['holder.firstName', 'holder.lastName', 'holder.taxCode']],
    ['libero_professionista', ['holder.firstName', 'holder.lastName', 'holder.taxCode', 'holder.vatNumber']],
    ['ditta_individuale', ['holder.firstName', 'holder.lastName', 'holder.taxCode', 'holder.vatNumber']],
    ['azienda', ['holder.companyName', 'holder.vatNumber']],
    ['ente_no_profit', ['holder.companyName', 'holder.taxCode']],
    ['ente_pubblico', ['holder.companyName', 'holder.taxCode']],
    ['altro', ['holder.companyName', 'holder.taxCode']],
  ] as const)('a %s without holder data misses %j', (subjectType, paths) => {
    expect(holderProblems(subjectType, {})).toEqual(paths.map((path) => ({ path, rule: 'required' })));
  });

  it('counts blank inputs as missing', () => {
    expect(holderProblems('persona_fisica', { firstName: '  ', lastName: '', taxCode: ' ' }).map((p) => p.rule)).toEqual(['required', 'required', 'required']);
  });

  it('refuses company data for a person and personal names for a company', () => {
    expect(holderProblems('persona_fisica', { ...holders.person, companyName: 'Rossi Srl', vatNumber: '00488410010' })).toEqual([
      { path: 'holder.companyName', rule: 'not_allowed', params: { subjectType: 'persona_fisica' } },
      { path: 'holder.vatNumber', rule: 'not_allowed', params: { subjectType: 'persona_fisica' } },
    ]);
    expect(holderProblems('azienda', { ...holders.company, firstName: 'Camillo', lastName: 'Olivetti' })).toEqual([
      { path: 'holder.firstName', rule: 'not_allowed', params: { subjectType: 'azienda' } },
      { path: 'holder.lastName', rule: 'not_allowed', params: { subjectType: 'azienda' } },
    ]);
  });

  it('wants a personal codice fiscale from people and sole traders, a numeric one from organisations', () => {
    expect(holderProblems('persona_fisica', { ...holders.person, taxCode: '00488410010' })).toEqual([{ path: 'holder.taxCode', rule: 'personal_tax_code' }]);
    expect(holderProblems('ditta_individuale', { ...holders.professional, taxCode: '00488410010' })).toEqual([{ path: 'holder.taxCode', rule: 'personal_tax_code' }]);
    expect(holderProblems('azienda', { ...holders.company, taxCode: 'RSSMRA80A01H501U' })).toEqual([{ path: 'holder.taxCode', rule: 'numeric_tax_code' }]);
    expect(holderProblems('ente_pubblico', { ...holders.entity, taxCode: 'RSSMRA80A01H501U' })).toEqual([{ path: 'holder.taxCode', rule: 'numeric_tax_code' }]);
  });

  it('checks the codes of every subject type', () => {
    expect(holderProblems('libero_professionista', { ...holders.professional, taxCode: 'RSSMRA80A01H501X', vatNumber: '01573850517' })).toEqual([
      { path: 'holder.taxCode', rule: 'checksum' },
      { path: 'holder.vatNumber', rule: 'checksum' },
    ]);
    expect(holderProblems('azienda', { ...holders.company, vatNumber: '12345671015', taxCode: '00488410011' })).toEqual([
      { path: 'holder.taxCode', rule: 'checksum' },
      { path: 'holder.vatNumber', rule: 'office_code' },
    ]);
  });

  it('reads codes typed with spaces or in lower case', () => {
    expect(holderProblems('libero_professionista', { ...holders.professional, taxCode: ' rssmra 80a01 h501u ', vatNumber: '015 738 505 16' })).toEqual([]);
  });

  it('refuses names that are not names', () => {
    expect(holderProblems('persona_fisica', { ...holders.person, firstName: 'Mario2', lastName: "D'Angelo-Rossi" })).toEqual([{ path: 'holder.firstName', rule: 'format' }]);
  });

  it('asks for the subject type, and still checks the codes given without one', () => {
    const form = registrationFormSchema.parse({ ...personForm, subjectType: undefined, holder: { taxCode: 'RSSMRA80A01H501X' } });
    expect(validateRegistration(form, today)).toEqual([
      { path: 'subjectType', rule: 'required' },
      { path: 'holder.taxCode', rule: 'checksum' },
    ]);
  });

  it('has a rule for every subject type', () => {
    expect(SUBJECT_TYPES).toHaveLength(7);
  });
});
