import { randomUUID } from 'node:crypto';
import { personForm } from '../support/registration-samples';
import { SystemHarness } from '../support/system-harness';

/** Contains the holder's surname: every other criterion is met. */
const WITH_SURNAME = 'Rossi-Tramonto-42!';
const unmet = (body: { criteria: Array<{ id: string; met: boolean }> }) => body.criteria.filter((c) => !c.met).map((c) => c.id);

describe('the live password check, told where the form is', () => {
  const system = new SystemHarness();
  beforeAll(() => system.startSystem(), 60_000);
  afterAll(() => system.stop());

  it('with a signupId it refuses what the password step refuses (names, tax code, e-mail): no green that turns red', async () => {
    const created = await system.request('POST', '/api/v1/signups', personForm, { 'idempotency-key': randomUUID() });
    expect(created.status).toBe(201);
    const { signupId } = created.body as { signupId: string };

    const blind = await system.request('POST', '/api/v1/password-policy/check', { password: WITH_SURNAME });
    expect(blind.body.ok).toBe(true); // without context it cannot know the surname
    const told = await system.request('POST', '/api/v1/password-policy/check', { password: WITH_SURNAME, signupId });
    expect(told.status).toBe(200);
    expect(told.body.ok).toBe(false);
    expect(unmet(told.body)).toEqual(['no_personal_data']);
    const final = await system.request('POST', `/api/v1/signups/${signupId}/password`, { password: WITH_SURNAME, passwordConfirmation: WITH_SURNAME });
    expect(final.status).toBe(422);
    expect(final.body.error.fields.map((f: { rule: string }) => f.rule)).toEqual(['no_personal_data']);

    const taxCode = await system.request('POST', '/api/v1/password-policy/check', { password: `Xx!9${personForm.holder.taxCode}`, signupId });
    expect(unmet(taxCode.body)).toContain('no_personal_data');
    const fine = await system.request('POST', '/api/v1/password-policy/check', { password: 'Tramonto-Sul-Lago-42', signupId });
    expect(fine.body.ok).toBe(true);
  });

  it('an unknown signup is 404; a signup past its password step is 409', async () => {
    expect((await system.request('POST', '/api/v1/password-policy/check', { password: 'x', signupId: randomUUID() })).status).toBe(404);
    const created = await system.request('POST', '/api/v1/signups', { ...personForm, email: 'luigi@example.it', emailConfirmation: 'luigi@example.it' }, { 'idempotency-key': randomUUID() });
    const { signupId } = created.body as { signupId: string };
    const password = 'Tramonto-Sul-Lago-42';
    expect((await system.request('POST', `/api/v1/signups/${signupId}/password`, { password, passwordConfirmation: password })).status).toBe(200);
    const after = await system.request('POST', '/api/v1/password-policy/check', { password, signupId });
    expect(after.status).toBe(409);
    expect(after.body.error.code).toBe('password_already_set');
  });

  it('an order needs its token: without one 422 naming `token`, with a wrong one the 404 of an unknown order', async () => {
    const missing = await system.request('POST', '/api/v1/password-policy/check', { password: 'x', orderId: 'ORD-1' });
    expect(missing.status).toBe(422);
    expect(missing.body.error.fields).toEqual([expect.objectContaining({ path: 'token', rule: 'required' })]);
    const wrong = await system.request('POST', '/api/v1/password-policy/check', { password: 'x', orderId: 'ORD-1', token: 'not-the-token' });
    expect(wrong.status).toBe(404);
    const both = await system.request('POST', '/api/v1/password-policy/check', { password: 'x', signupId: randomUUID(), orderId: 'ORD-1', token: 't' });
    expect(both.status).toBe(422);
  });

  it('the OpenAPI document states the same rules', async () => {
    const document = await system.request('GET', '/api/v1/openapi.json');
    const schema = document.body.paths['/api/v1/password-policy/check'].post.requestBody.content['application/json'].schema;
    expect(schema).toMatchObject({ additionalProperties: false, dependentRequired: { orderId: ['token'], token: ['orderId'] }, not: { required: ['signupId', 'orderId'] } });
    expect(schema.properties.signupId.pattern).toBeDefined();
  });
});
