import { verifySecretAnswer } from '../../security/argon2';
import { formsBySubjectType, personForm } from '../support/registration-samples';
import { profileWithLogins, type SignedInLogin } from '../support/shared-profile';
import { SystemHarness } from '../support/system-harness';

const HOLDER_MESSAGE_IT = /nuova registrazione.*richiesta di correzione/;
const HOLDER_MESSAGE_EN = /register again.*correction request/;

describe('PATCH /api/v1/me/profile through HTTP on the real stack (one profile, many logins)', () => {
  const system = new SystemHarness();
  beforeAll(() => system.startSystem({ overrides: { SIGN_IN_RATE_LIMIT_PER_MINUTE: '100000' } }), 60_000);
  afterAll(() => system.stop());

  const patch = (login: SignedInLogin, body: unknown, headers: Record<string, string> = {}) =>
    system.request('PATCH', '/api/v1/me/profile', body, { cookie: login.cookie, ...headers });
  const me = (login: SignedInLogin) => system.request('GET', '/api/v1/me', undefined, { cookie: login.cookie });
  const stored = async (profileId: string) => (await system.profiles.findById(profileId).lean())!;

  it('three logins on one profile: an edit through one is what all three see, in the one stored profile', async () => {
    const { profileId, logins } = await profileWithLogins(system, personForm, 3);
    const [first, second, third] = logins as [SignedInLogin, SignedInLogin, SignedInLogin];
    expect((await me(first)).body.logins).toHaveLength(3);

    const res = await patch(second, { address: { street: '  Via Nazionale   5 ', postalCode: '00184' }, phone: '06 4881 1234' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ profileId, version: 2, phone: '+390648811234', address: { street: 'Via Nazionale 5', postalCode: '00184', city: 'Roma', province: 'RM', country: 'IT' } });
    expect(res.body).not.toHaveProperty('_id');
    expect(JSON.stringify(res.body)).not.toMatch(/answerHash|\$argon2/);

    for (const login of [first, second, third]) {
      const seen = await me(login);
      expect(seen.status).toBe(200);
      expect(seen.body.profile).toMatchObject({ profileId, phone: '+390648811234', address: { street: 'Via Nazionale 5', postalCode: '00184' } });
    }
    expect(await system.profiles.countDocuments({ _id: profileId })).toBe(1);
    expect(await stored(profileId)).toMatchObject({ version: 2, holder: personForm.holder });
  });

  it('concurrent edits through three logins lose nothing: every change and every consent record is kept, one version each', async () => {
    const { profileId, logins } = await profileWithLogins(system, formsBySubjectType.libero_professionista, 3);
    const [first, second, third] = logins as [SignedInLogin, SignedInLogin, SignedInLogin];
    const before = await stored(profileId);
    const results = await Promise.all([
      patch(first, { address: { street: 'Via Garibaldi 3' } }),
      patch(second, { phone: '+39 0575 654321' }),
      patch(third, { email: 'nuovo@example.it', emailConfirmation: 'nuovo@example.it' }),
      ...[first, second, third, first, second, third].map((login, i) => patch(login, { privacy: { marketingConsent: i % 2 === 0 } })),
    ]);
    expect(results.map((r) => r.status)).toEqual(Array(9).fill(200));

    const after = await stored(profileId);
    expect(after).toMatchObject({ address: { street: 'Via Garibaldi 3', city: 'Arezzo' }, phone: '+390575654321', email: 'nuovo@example.it', version: before.version + 9 });
    expect(after.consents).toHaveLength(before.consents.length + 6);
    expect(after.consents.slice(0, before.consents.length)).toEqual(before.consents);
  });

  it.each([
    ['holder', { holder: { firstName: 'Marco' } }],
    ['a name', { firstName: 'Marco' }],
    ['the codice fiscale', { taxCode: 'RSSMRA80A01H501U' }],
    ['the partita IVA', { vatNumber: '01573850516' }],
    ['the company name', { companyName: 'Rossi S.r.l.' }],
    ['the subject type', { subjectType: 'azienda' }],
  ])('refuses %s with 409 holder_immutable, before any other check, and changes nothing', async (_what, holderPart) => {
    const { profileId, logins } = await profileWithLogins(system, personForm, 1);
    const [login] = logins as [SignedInLogin];
    const res = await patch(login, { ...holderPart, phone: 'not a phone', unknown: true });
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('holder_immutable');
    expect(res.body.error.message).toMatch(HOLDER_MESSAGE_IT);
    const en = await patch(login, holderPart, { 'accept-language': 'en' });
    expect(en.body.error.message).toMatch(HOLDER_MESSAGE_EN);
    expect(await stored(profileId)).toMatchObject({ version: 1, holder: personForm.holder, phone: '+390669821234' });
  });

  it('reports every problem at once by the signup rules (422) and writes nothing', async () => {
    const { profileId, logins } = await profileWithLogins(system, personForm, 1);
    const [login] = logins as [SignedInLogin];
    const res = await patch(login, { phone: '123', email: 'not-an-email', emailConfirmation: 'other@example.it', address: { province: 'ZZ' }, recovery: { question: 'Colore preferito?', answer: '!!!' } }, { 'accept-language': 'en' });
    expect(res.status).toBe(422);
    expect(res.body.error.fields).toEqual(
      expect.arrayContaining([
        { path: 'phone', rule: 'phone', message: 'The phone number is not valid.' },
        { path: 'email', rule: 'email', message: expect.any(String) },
        { path: 'emailConfirmation', rule: 'mismatch', message: expect.any(String) },
        { path: 'address.province', rule: 'unknown_province', message: expect.any(String) },
        { path: 'recovery.answer', rule: 'min_length', message: expect.any(String) },
      ]),
    );
    expect(res.body.error.fields).toHaveLength(5);
    expect(await stored(profileId)).toMatchObject({ version: 1, phone: '+390669821234', email: personForm.email });
  });

  it('changes the e-mail only with a matching confirmation, and stores its domain in lower case', async () => {
    const { profileId, logins } = await profileWithLogins(system, personForm, 1);
    const [login] = logins as [SignedInLogin];
    expect((await patch(login, { email: 'mario@nuovo.example.it' })).body.error.fields).toEqual([{ path: 'emailConfirmation', rule: 'required', message: expect.any(String) }]);
    expect((await patch(login, { email: 'mario@nuovo.example.it', emailConfirmation: 'mario@altro.example.it' })).body.error.fields).toEqual([
      { path: 'emailConfirmation', rule: 'mismatch', message: expect.any(String) },
    ]);
    expect((await patch(login, { emailConfirmation: 'someone@else.example.it' })).status).toBe(422);
    const res = await patch(login, { email: 'Mario@Nuovo.Example.IT', emailConfirmation: 'mario@nuovo.example.it' });
    expect(res.status).toBe(200);
    expect((await stored(profileId)).email).toBe('Mario@nuovo.example.it');
  });

  it('re-checks the whole address when a part of it changes, and stores the comune as ISTAT spells it', async () => {
    const { profileId, logins } = await profileWithLogins(system, personForm, 1);
    const [login] = logins as [SignedInLogin];
    const moved = await patch(login, { address: { province: 'MI' } });
    expect(moved.status).toBe(422);
    expect(moved.body.error.fields).toEqual([{ path: 'address.city', rule: 'comune_not_in_province', message: expect.stringContaining('MI') }]);
    expect((await patch(login, { address: { floor: 2 } })).body.error.fields).toEqual([{ path: 'address.floor', rule: 'unknown_field', message: expect.any(String) }]);
    const res = await patch(login, { address: { street: 'Corso della Repubblica 1', postalCode: '47121', city: 'forli', province: 'fc' } });
    expect(res.status).toBe(200);
    expect((await stored(profileId)).address).toEqual({ street: 'Corso della Repubblica 1', postalCode: '47121', city: 'Forlì', province: 'FC', country: 'IT' });
  });

  it('sets a new secret question with its answer stored only as a hash', async () => {
    const { profileId, logins } = await profileWithLogins(system, personForm, 2);
    const [first, second] = logins as [SignedInLogin, SignedInLogin];
    expect((await patch(first, { recovery: { question: 'Città natale della nonna?', answer: '' } })).body.error.fields).toEqual([
      { path: 'recovery.answer', rule: 'required', message: expect.any(String) },
    ]);
    const res = await patch(first, { recovery: { question: 'Città natale della nonna?', answer: 'Sant’Angelo Lodigiano' } });
    expect(res.status).toBe(200);
    expect(res.body.recovery).toEqual({ question: 'Città natale della nonna?' });
    const { recovery } = await stored(profileId);
    expect(recovery!.answerHash).toMatch(/^\$argon2id\$/);
    expect(await verifySecretAnswer(recovery!.answerHash, "santangelo lodigiano")).toBe(true);
    expect((await me(second)).body.profile.recovery).toEqual({ question: 'Città natale della nonna?' });
  });

  it('appends privacy choices as new consent records with the notice version and time, keeping the history', async () => {
    const { profileId, logins } = await profileWithLogins(system, personForm, 1);
    const [login] = logins as [SignedInLogin];
    const before = (await stored(profileId)).consents;
    expect((await patch(login, { privacy: { noticeAccepted: false } })).body.error.fields).toEqual([{ path: 'privacy.noticeAccepted', rule: 'must_accept', message: expect.any(String) }]);
    const res = await patch(login, { privacy: { marketingConsent: true, processingConsent: false } });
    expect(res.status).toBe(200);
    const after = (await stored(profileId)).consents;
    expect(after.slice(0, before.length)).toEqual(before);
    expect(after.slice(before.length)).toEqual([
      { kind: 'processing', granted: false, version: '2026-01', at: expect.any(Date) },
      { kind: 'marketing', granted: true, version: '2026-01', at: expect.any(Date) },
    ]);
  });

  it('answers 409 profile_busy when another writer holds the profile longer than a request waits', async () => {
    const { profileId, logins } = await profileWithLogins(system, personForm, 1);
    const [login] = logins as [SignedInLogin];
    await system.redis.set(`anagrafica:profile-lock:${profileId}`, 'someone-else', 'PX', 10_000);
    const res = await patch(login, { phone: '+39 0575 654321' });
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('profile_busy');
    await system.redis.del(`anagrafica:profile-lock:${profileId}`);
    expect((await patch(login, { phone: '+39 0575 654321' })).status).toBe(200);
  });

  it('answers 401 without a session, and documents the endpoint', async () => {
    const res = await system.request('PATCH', '/api/v1/me/profile', { phone: '+39 0575 654321' });
    expect(res.status).toBe(401);
    const { body } = await system.request('GET', '/api/v1/openapi.json');
    expect(body.paths['/api/v1/me/profile'].patch.security).toEqual([{ sessionCookie: [] }]);
    expect(body.paths['/api/v1/me/profile'].patch.responses).toHaveProperty('409');
  });
});
