import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { z } from 'zod';
import { registrationFormSchema, validateRegistration } from '../../domain/registration';
import { formsBySubjectType, personForm } from '../support/registration-samples';

/** The signup body as the OpenAPI document states it. */
const documented = z.toJSONSchema(registrationFormSchema, { target: 'draft-2020-12', io: 'input', unrepresentable: 'any' });
const ajv = addFormats(new Ajv2020({ strict: false, allErrors: true }));
const schemaAccepts = ajv.compile(documented);
const validationAccepts = (form: unknown) => validateRegistration(registrationFormSchema.parse(form), new Date()).length === 0;

describe('the documented registration form is as strict as the validation, where JSON Schema can say it', () => {
  it.each(Object.entries(formsBySubjectType))('a valid %s form passes both', (_type, form) => {
    expect(schemaAccepts(form)).toBe(true);
    expect(validationAccepts(form)).toBe(true);
  });

  const { firstName: _firstName, ...holderWithoutFirstName } = personForm.holder;
  const { postalCode: _cap, ...addressWithoutCap } = personForm.address;
  const { answer: _answer, ...questionOnly } = personForm.recovery;
  it.each([
    ['an empty body', {}],
    ['a person without a first name', { ...personForm, holder: holderWithoutFirstName }],
    ['a person with a company name', { ...personForm, holder: { ...personForm.holder, companyName: 'Rossi S.r.l.' } }],
    ['a company without a VAT number', { ...formsBySubjectType.azienda, holder: { companyName: 'Olivetti S.p.A.' } }],
    ['an Italian address without a CAP', { ...personForm, address: addressWithoutCap }],
    ['a CAP of four digits', { ...personForm, address: { ...personForm.address, postalCode: '0018' } }],
    ['a first name with digits', { ...personForm, holder: { ...personForm.holder, firstName: 'M4rio' } }],
    ['a tax code of 15 characters', { ...personForm, holder: { ...personForm.holder, taxCode: 'RSSMRA80A01H501' } }],
    ['a VAT number with a letter', { ...formsBySubjectType.azienda, holder: { ...formsBySubjectType.azienda.holder, vatNumber: '0048841001X' } }],
    ['a blank phone', { ...personForm, phone: '   ' }],
    ['the notice not accepted', { ...personForm, privacy: { ...personForm.privacy, noticeAccepted: false } }],
    ['no answer to processing consent', { ...personForm, privacy: { noticeAccepted: true } }],
    ['a question without its answer', { ...personForm, recovery: questionOnly }],
  ])('%s is refused by both', (_case, form) => {
    expect(validationAccepts(form)).toBe(false);
    expect(schemaAccepts(form)).toBe(false);
  });

  it('a foreign address needs no CAP nor province in either', () => {
    const abroad = { ...personForm, address: { street: '10 Downing St', city: 'London', country: 'GB' } };
    expect(validationAccepts(abroad)).toBe(true);
    expect(schemaAccepts(abroad)).toBe(true);
  });
});
