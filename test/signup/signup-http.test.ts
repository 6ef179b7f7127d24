import { verifySecretAnswer } from '../../security/argon2';
import { formsBySubjectType, personForm } from '../support/registration-samples';
import { SystemHarness } from '../support/system-harness';

const PASSWORD = 'Tramonto-Sul-Lago-42';

describe('standalone signup through HTTP on the real stack (API, worker, Temporal, FerretDB, Redis, SMTP)', () => {
  const system = new SystemHarness();
  beforeAll(() => system.startSystem(), 60_000);
  afterAll(() => system.stop());
  beforeEach(() => system.sink.clear());

  const stored = async () => ({
    profiles: await system.profiles.countDocuments(),
    logins: await system.logins.countDocuments(),
    emails: await system.mongo.collection('email_outbox').countDocuments(),
  });

  it.each(Object.entries(formsBySubjectType))('%s: form → username → password → active login, and one "Conferma iscrizione"', async (subjectType, form) => {
    const submitted = await system.request('POST', '/api/v1/signups', form);
    expect(submitted.status).toBe(201);
    expect(submitted.body).toEqual({ signupId: expect.stringMatching(/^[0-9a-f-]{36}$/), username: expect.stringMatching(/^\d{7}@aruba\.it$/), step: 'password' });
    const { signupId, username } = submitted.body;

    expect((await system.request('GET', `/api/v1/signups/${signupId}`)).body).toEqual({ signupId, step: 'password', username });
    const done = await system.request('POST', `/api/v1/signups/${signupId}/password`, { password: PASSWORD, passwordConfirmation: PASSWORD });
    expect(done).toEqual({ status: 200, body: { username, step: 'completed' } });

    const login = await system.logins.findById(username).lean();
    expect(login).toMatchObject({ status: 'active', origin: 'signup', passwordHash: expect.stringMatching(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/) });
    const profile = await system.profiles.findById(login!.profileId).lean();
    expect(profile).toMatchObject({ subjectType, status: 'active', email: form.email, holder: expect.objectContaining({ taxCode: form.holder.taxCode }) });
    expect(profile!.consents.map((c) => [c.kind, c.granted, c.version])).toEqual([
      ['privacy_notice', true, '2026-01'],
      ['processing', true, '2026-01'],
      ['marketing', form.privacy.marketingConsent, '2026-01'],
    ]);
    expect(JSON.stringify(profile)).not.toContain(PASSWORD);

    const [mail] = await system.sink.waitForMessages(1);
    await system.drained();
    expect(system.sink.messages).toHaveLength(1);
    expect(mail!.envelopeTo).toEqual([form.email]);
    expect(mail!.parsed.subject).toBe('Conferma iscrizione');
    expect(mail!.parsed.text).toContain(username);
    expect(mail!.raw).not.toContain(PASSWORD);
    expect((await system.request('GET', `/api/v1/signups/${signupId}`)).body).toEqual({ signupId, step: 'completed', username });
  });

  it('the store ahead of the flow (a worker died after activating the login, before its workflow task was recorded): the password step still completes', async () => {
    const form = { ...personForm, email: 'ahead@example.it', emailConfirmation: 'ahead@example.it' };
    const submitted = await system.request('POST', '/api/v1/signups', form);
    expect(submitted.status).toBe(201);
    const { signupId, username } = submitted.body;
    const login = await system.logins.findById(username).lean();
    // What the lost activation wrote: the login active with a hash of this flow, the profile active; the flow still at its password step.
    await system.logins.updateOne({ _id: username }, { $set: { status: 'active', passwordHash: '$argon2id$v=19$m=19456,t=2,p=1$AAAAAAAAAAAAAAAAAAAAAA$BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB', activatedAt: new Date() } });
    await system.profiles.updateOne({ _id: login!.profileId }, { $set: { status: 'active' } });
    expect((await system.request('GET', `/api/v1/signups/${signupId}`)).body).toMatchObject({ step: 'password' });

    const done = await system.request('POST', `/api/v1/signups/${signupId}/password`, { password: PASSWORD, passwordConfirmation: PASSWORD });
    expect(done).toEqual({ status: 200, body: { username, step: 'completed' } });
    await system.sink.waitForMessages(1);
  });

  it('a foreign address (no CAP, no provincia) registers end to end', async () => {
    const form = { ...personForm, address: { street: '12 Rue de Rivoli', postalCode: '', city: 'Paris', province: '', country: 'FR' }, phone: '+33 1 42 60 00 00' };
    const submitted = await system.request('POST', '/api/v1/signups', form);
    expect(submitted.status).toBe(201);
    const done = await system.request('POST', `/api/v1/signups/${submitted.body.signupId}/password`, { password: PASSWORD, passwordConfirmation: PASSWORD });
    expect(done).toEqual({ status: 200, body: { username: submitted.body.username, step: 'completed' } });
    const login = await system.logins.findById(submitted.body.username).lean();
    expect(await system.profiles.findById(login!.profileId).lean()).toMatchObject({ status: 'active', address: { country: 'FR', city: 'Paris', postalCode: '', province: '' } });
    await system.sink.waitForMessages(1);
  });

  it('stores the secret answer only as an argon2id hash of its normalized form', async () => {
    const form = { ...personForm, recovery: { question: 'Città natale?', answer: '  Forlimpopoli ' } };
    const { body } = await system.request('POST', '/api/v1/signups', form);
    const login = await system.logins.findById(body.username).lean();
    const profile = await system.profiles.findById(login!.profileId).lean();
    expect(profile!.recovery!.question).toBe('Città natale?');
    expect(profile!.recovery!.answerHash).toMatch(/^\$argon2id\$/);
    expect(await verifySecretAnswer(profile!.recovery!.answerHash, 'FORLIMPOPOLI')).toBe(true);
    expect(JSON.stringify(profile)).not.toMatch(/Forl/);
  });

  const violations: Array<[string, string, string, (form: typeof personForm) => unknown]> = [
    ['a wrong codice fiscale check character', 'holder.taxCode', 'checksum', (f) => ({ ...f, holder: { ...f.holder, taxCode: 'RSSMRA80A01H501X' } })],
    ['a birth date that does not exist', 'holder.taxCode', 'birth_date', (f) => ({ ...f, holder: { ...f.holder, taxCode: 'RSSMRA80B30H501X' } })],
    ['a missing first name', 'holder.firstName', 'required', (f) => ({ ...f, holder: { ...f.holder, firstName: '' } })],
    ['a company name on a private person', 'holder.companyName', 'not_allowed', (f) => ({ ...f, holder: { ...f.holder, companyName: 'ACME' } })],
    ['a CAP of four digits', 'address.postalCode', 'format', (f) => ({ ...f, address: { ...f.address, postalCode: '0018' } })],
    ['an unknown provincia', 'address.province', 'unknown_province', (f) => ({ ...f, address: { ...f.address, province: 'XX' } })],
    ['a comune of another provincia', 'address.city', 'comune_not_in_province', (f) => ({ ...f, address: { ...f.address, city: 'Milano' } })],
    ['a phone that is not a number', 'phone', 'phone', (f) => ({ ...f, phone: '+39 12' })],
    ['an invalid e-mail', 'email', 'email', (f) => ({ ...f, email: 'mario@', emailConfirmation: 'mario@' })],
    ['an e-mail confirmation that differs', 'emailConfirmation', 'mismatch', (f) => ({ ...f, emailConfirmation: 'other@example.it' })],
    ['the privacy notice not accepted', 'privacy.noticeAccepted', 'must_accept', (f) => ({ ...f, privacy: { ...f.privacy, noticeAccepted: false } })],
    ['a question without an answer', 'recovery.answer', 'required', (f) => ({ ...f, recovery: { question: 'Colore preferito?', answer: '' } })],
    ['an answer that is only punctuation', 'recovery.answer', 'min_length', (f) => ({ ...f, recovery: { question: 'Colore preferito?', answer: '!!!' } })],
    ['an unknown field', 'nickname', 'unknown_field', (f) => ({ ...f, nickname: 'mario' })],
    ['an unknown subject type', 'subjectType', 'one_of', (f) => ({ ...f, subjectType: 'alieno' })],
  ];

  it.each(violations)('%s → 422 naming %s (%s), and nothing is stored', async (_what, path, rule, mutate) => {
    const before = await stored();
    const res = await system.request('POST', '/api/v1/signups', mutate(personForm), { 'accept-language': 'en' });
    expect(res.status).toBe(422);
    expect(res.body.error.code).toBe('validation_failed');
    expect(res.body.error.fields).toContainEqual({ path, rule, message: expect.any(String) });
    expect(await stored()).toEqual(before);
  });

  it('lists every failing field at once, in Italian by default', async () => {
    const res = await system.request('POST', '/api/v1/signups', { ...personForm, phone: '12', email: 'x', emailConfirmation: 'y', address: { ...personForm.address, province: 'ZZ' } });
    expect(res.status).toBe(422);
    expect(res.body.error.fields.map((f: { path: string }) => f.path)).toEqual(expect.arrayContaining(['phone', 'email', 'emailConfirmation', 'address.province']));
    expect(res.body.error.message).toBe('Alcuni dati non sono validi.');
  });

  it('answers malformed JSON with 400, not 500', async () => {
    const res = await fetch(system.url('/api/v1/signups'), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"subjectType": ',
    });
    expect(res.status).toBe(400);
  });

  it('the same form posted twice with one Idempotency-Key is one signup', async () => {
    const before = await stored();
    const headers = { 'idempotency-key': `test-${Date.now()}` };
    const form = { ...personForm, email: 'once@example.it', emailConfirmation: 'once@example.it' };
    const [a, b] = await Promise.all([system.request('POST', '/api/v1/signups', form, headers), system.request('POST', '/api/v1/signups', form, headers)]);
    const c = await system.request('POST', '/api/v1/signups', form, headers);
    expect([a.status, b.status, c.status]).toEqual([201, 201, 201]);
    expect(b.body).toEqual(a.body);
    expect(c.body).toEqual(a.body);
    expect(await stored()).toEqual({ ...before, profiles: before.profiles + 1, logins: before.logins + 1 });

    const reused = await system.request('POST', '/api/v1/signups', { ...form, phone: '+39 0575 999999' }, headers);
    expect(reused.status).toBe(409);
    expect(reused.body.error.code).toBe('idempotency_key_reused');
  });

  it('refuses a password that breaks the policy, naming each unmet criterion, and a confirmation that differs', async () => {
    const { body } = await system.request('POST', '/api/v1/signups', personForm);
    const weak = await system.request('POST', `/api/v1/signups/${body.signupId}/password`, { password: 'mario', passwordConfirmation: 'maria' }, { 'accept-language': 'it' });
    expect(weak.status).toBe(422);
    const rules = weak.body.error.fields.map((f: { path: string; rule: string }) => `${f.path}:${f.rule}`);
    expect(rules).toEqual(expect.arrayContaining(['password:length', 'password:uppercase', 'password:digit', 'password:no_personal_data', 'passwordConfirmation:mismatch']));
    expect(await system.logins.findById(body.username).lean()).toMatchObject({ status: 'reserved' });
  });

  it('answers 404 for an unknown signup and 409 for a password on a completed one', async () => {
    expect((await system.request('GET', '/api/v1/signups/00000000-0000-4000-a000-00000000abcd')).status).toBe(404);
    expect((await system.request('GET', '/api/v1/signups/not-a-uuid')).status).toBe(404);
    const { body } = await system.request('POST', '/api/v1/signups', personForm);
    await system.request('POST', `/api/v1/signups/${body.signupId}/password`, { password: PASSWORD, passwordConfirmation: PASSWORD });
    const again = await system.request('POST', `/api/v1/signups/${body.signupId}/password`, { password: PASSWORD, passwordConfirmation: PASSWORD });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('password_already_set');
  });

  it('reports each password criterion for a page to turn green', async () => {
    const res = await system.request('POST', '/api/v1/password-policy/check', { password: 'abc', username: '1234567@aruba.it' }, { 'accept-language': 'en' });
    expect(res.status).toBe(200);
    expect(res.body.ok).toBe(false);
    expect(res.body.criteria).toContainEqual({ id: 'lowercase', met: true, message: expect.any(String) });
    expect(res.body.criteria).toContainEqual({ id: 'length', met: false, message: expect.any(String) });
    const strong = await system.request('POST', '/api/v1/password-policy/check', { password: PASSWORD });
    expect(strong.body.ok).toBe(true);
  });

  describe('the password step without a query of the flow', () => {
    const withName = { password: 'Mario-Sul-Lago-42', signupId: '' };
    const nameCriterion = (body: { criteria: { id: string; met: boolean }[] }) => body.criteria.find((c) => c.id === 'no_personal_data')?.met;

    it('checks against what this API accepted, with the Temporal worker stopped', async () => {
      const { body } = await system.request('POST', '/api/v1/signups', personForm);
      await system.stopTemporalWorker();
      try {
        // A query would wait for a worker; the live check answers from what the form gave.
        const check = await fetch(system.url('/api/v1/password-policy/check'), {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ ...withName, signupId: body.signupId }),
          signal: AbortSignal.timeout(5_000),
        });
        expect(check.status).toBe(200);
        expect(nameCriterion((await check.json()) as never)).toBe(false);
      } finally {
        await system.startTemporalWorker();
      }
      const done = await system.request('POST', `/api/v1/signups/${body.signupId}/password`, { password: PASSWORD, passwordConfirmation: PASSWORD });
      expect(done).toEqual({ status: 200, body: { username: body.username, step: 'completed' } });
    });

    it('asks the flow when another API process accepted the form (here: this one, restarted)', async () => {
      const { body } = await system.request('POST', '/api/v1/signups', personForm);
      await system.restartApi();
      const check = await system.request('POST', '/api/v1/password-policy/check', { ...withName, signupId: body.signupId });
      expect(nameCriterion(check.body)).toBe(false);
      const weak = await system.request('POST', `/api/v1/signups/${body.signupId}/password`, { password: withName.password, passwordConfirmation: withName.password });
      expect(weak.status).toBe(422);
      const done = await system.request('POST', `/api/v1/signups/${body.signupId}/password`, { password: PASSWORD, passwordConfirmation: PASSWORD });
      expect(done).toEqual({ status: 200, body: { username: body.username, step: 'completed' } });
      const again = await system.request('POST', `/api/v1/signups/${body.signupId}/password`, { password: PASSWORD, passwordConfirmation: PASSWORD });
      expect(again.body.error.code).toBe('password_already_set');
    });
  });
});
