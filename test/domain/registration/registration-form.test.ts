import { z } from 'zod';
import { registrationFormSchema } from '../../../domain/registration';
import { personForm } from '../../support/registration-samples';

const issuesOf = (input: unknown) => {
  const result = registrationFormSchema.safeParse(input);
  return result.success ? [] : result.error.issues.map((issue) => ({ path: issue.path.join('.'), code: issue.code }));
};

describe('registrationFormSchema (structure only)', () => {
  it('parses a complete form as it is', () => {
    expect(registrationFormSchema.parse(personForm)).toEqual(personForm);
  });

  it('parses an empty body, leaving "required" to the rules: missing parts become empty, the country Italy', () => {
    expect(registrationFormSchema.parse({})).toEqual({ holder: {}, address: { country: 'IT' }, privacy: {} });
  });

  it('rejects unknown fields at every level', () => {
    const issues = issuesOf({ ...personForm, nickname: 'x', holder: { ...personForm.holder, birthDate: '1980-01-01' }, privacy: { ...personForm.privacy, extra: true } });
    expect(issues).toEqual(
      expect.arrayContaining([
        { path: '', code: 'unrecognized_keys' },
        { path: 'holder', code: 'unrecognized_keys' },
        { path: 'privacy', code: 'unrecognized_keys' },
      ]),
    );
  });

  it('rejects wrong types, unknown subject types and over-long strings', () => {
    const issues = issuesOf({ subjectType: 'persona', phone: 39, privacy: { noticeAccepted: 'yes' }, holder: { firstName: 'a'.repeat(101) } });
    expect(issues).toEqual(
      expect.arrayContaining([
        { path: 'subjectType', code: 'invalid_value' },
        { path: 'phone', code: 'invalid_type' },
        { path: 'privacy.noticeAccepted', code: 'invalid_type' },
        { path: 'holder.firstName', code: 'too_big' },
      ]),
    );
  });

  it('keeps recovery absent when not given', () => {
    expect(registrationFormSchema.parse({}).recovery).toBeUndefined();
  });

  it('describes itself as JSON Schema for the OpenAPI document (as the API renders it)', () => {
    const schema = z.toJSONSchema(registrationFormSchema, { target: 'draft-2020-12', io: 'input', unrepresentable: 'any' });
    expect(schema).toMatchObject({ type: 'object', additionalProperties: false });
    expect(schema.properties?.address).toMatchObject({ properties: { country: { default: 'IT', maxLength: 8 } } });
    // Parsing is loose (every problem reported at once); the document states what the validation requires.
    expect(schema.required).toEqual(['subjectType', 'holder', 'address', 'phone', 'email', 'emailConfirmation', 'privacy']);
  });
});
