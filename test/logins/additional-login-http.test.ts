import { completedSignup, CUSTOMER_PASSWORD, sessionOf, signIn } from '../support/customers';
import { formsBySubjectType, personForm } from '../support/registration-samples';
import { SystemHarness } from '../support/system-harness';

const SECOND_PASSWORD = 'Girasole-Nel-Vento-77';
const THIRD_PASSWORD = 'Cometa+Lontana+2031';
const USERNAME = /^\d{7}@aruba\.it$/;
const UNKNOWN_REQUEST = '00000000-0000-4000-a000-000000000000';

describe('"Crea nuova login" through HTTP on the real stack', () => {
  const system = new SystemHarness();
  beforeAll(() => system.startSystem(), 60_000);
  afterAll(() => system.stop());
  beforeEach(() => system.sink.clear());

  const requestLogin = (cookie: string, password: string, headers: Record<string, string> = {}) =>
    system.request('POST', '/api/v1/me/logins', { password, passwordConfirmation: password }, { cookie, ...headers });
  const confirm = (cookie: string, requestId: string) => system.request('POST', `/api/v1/me/logins/requests/${requestId}/confirm`, undefined, { cookie });

  /** Ask and confirm; returns the new username. */
  async function newLogin(cookie: string, password: string): Promise<string> {
    const asked = await requestLogin(cookie, password);
    expect(asked).toEqual({ status: 202, body: { requestId: expect.stringMatching(/^[0-9a-f-]{36}$/), step: 'confirm' } });
    const confirmed = await confirm(cookie, asked.body.requestId);
    expect(confirmed).toEqual({ status: 201, body: { username: expect.stringMatching(USERNAME) } });
    return confirmed.body.username;
  }

  it('three logins on one profile: the signup and two new logins each sign in at once, and /me lists all three', async () => {
    const first = await completedSignup(system, personForm);
    const firstSession = await sessionOf(system, first);

    const second = await newLogin(firstSession, SECOND_PASSWORD);
    const secondSession = await sessionOf(system, second, SECOND_PASSWORD);
    const third = await newLogin(secondSession, THIRD_PASSWORD);
    const thirdSession = await sessionOf(system, third, THIRD_PASSWORD);

    expect(new Set([first, second, third]).size).toBe(3);
    const profileId = (await system.logins.findById(first).lean())!.profileId;
    for (const [username, origin] of [[second, 'additional-login'], [third, 'additional-login'], [first, 'signup']] as const) {
      expect(await system.logins.findById(username).lean()).toMatchObject({ profileId, origin, status: 'active', passwordHash: expect.stringMatching(/^\$argon2id\$/) });
    }
    for (const cookie of [firstSession, secondSession, thirdSession]) {
      const me = await system.request('GET', '/api/v1/me', undefined, { cookie });
      expect(me.status).toBe(200);
      expect(me.body.profile.profileId).toBe(profileId);
      expect(me.body.logins).toEqual([first, second, third].sort());
    }
    // Each login keeps its own password.
    expect((await signIn(system, second, CUSTOMER_PASSWORD)).status).toBe(401);
  });

  it("the confirmation e-mail names the new username and goes to the profile's contact address (as it is now)", async () => {
    const username = await completedSignup(system, personForm);
    const profileId = (await system.logins.findById(username).lean())!.profileId;
    await system.sink.waitForMessages(1);
    await system.drained();
    system.sink.clear();
    // The address changed since the signup: the e-mail follows the profile, not the signup.
    await system.profiles.updateOne({ _id: profileId }, { $set: { email: 'mario.nuovo@example.it' } });

    const created = await newLogin(await sessionOf(system, username), SECOND_PASSWORD);
    const [mail] = await system.sink.waitForMessages(1);
    await system.drained();
    expect(system.sink.messages).toHaveLength(1);
    expect(mail!.envelopeTo).toEqual(['mario.nuovo@example.it']);
    expect(mail!.parsed.subject).toBe('Nuova login creata');
    expect(mail!.parsed.text).toContain(created);
    expect(mail!.parsed.text).toContain('Mario Rossi');
    expect(`${mail!.parsed.text}${String(mail!.parsed.html)}`).not.toContain(SECOND_PASSWORD);
  });

  it('refuses a weak, personal or mismatched password with 422, and starts nothing', async () => {
    const username = await completedSignup(system, personForm);
    const cookie = await sessionOf(system, username);
    const code = username.split('@')[0]!;
    const before = await system.logins.countDocuments();

    const withCode = await requestLogin(cookie, `Zq!x${code}w`, { 'accept-language': 'en' });
    expect(withCode.status).toBe(422);
    expect(withCode.body.error.fields).toContainEqual(expect.objectContaining({ path: 'password', rule: 'no_personal_data' }));
    const withSurname = await requestLogin(cookie, 'Rossi-Sul-Lago-42');
    expect(withSurname.body.error.fields).toContainEqual(expect.objectContaining({ rule: 'no_personal_data' }));
    const mismatch = await system.request('POST', '/api/v1/me/logins', { password: SECOND_PASSWORD, passwordConfirmation: THIRD_PASSWORD }, { cookie });
    expect(mismatch.status).toBe(422);
    expect(mismatch.body.error.fields).toEqual([expect.objectContaining({ path: 'passwordConfirmation', rule: 'mismatch' })]);
    const extra = await system.request('POST', '/api/v1/me/logins', { password: SECOND_PASSWORD, passwordConfirmation: SECOND_PASSWORD, username: 'x' }, { cookie });
    expect(extra.body.error.fields).toContainEqual(expect.objectContaining({ path: 'username', rule: 'unknown_field' }));

    expect(await system.logins.countDocuments()).toBe(before);
    const runs = await system.temporal.client.workflow.count(`WorkflowType = "additionalLogin" AND TaskQueue = "${system.config.TEMPORAL_TASK_QUEUE}" AND ExecutionStatus = "Running"`);
    expect(runs.count).toBe(0);
  });

  it('a request of another profile is unknown (404) to it, and stays confirmable by its own profile', async () => {
    const mario = await sessionOf(system, await completedSignup(system, personForm));
    const olivetti = await sessionOf(system, await completedSignup(system, formsBySubjectType.azienda));
    const asked = await requestLogin(mario, SECOND_PASSWORD);

    const foreign = await confirm(olivetti, asked.body.requestId);
    expect(foreign.status).toBe(404);
    expect(foreign.body.error.code).toBe('not_found');
    expect(await confirm(olivetti, UNKNOWN_REQUEST)).toEqual(expect.objectContaining({ status: 404, body: foreign.body }));
    expect((await confirm(olivetti, 'not-a-request')).status).toBe(404);

    expect((await confirm(mario, asked.body.requestId)).status).toBe(201);
    // Once created, still nobody else's.
    expect((await confirm(olivetti, asked.body.requestId)).status).toBe(404);
  });

  it('answers 401 without a session', async () => {
    expect((await system.request('POST', '/api/v1/me/logins', { password: SECOND_PASSWORD, passwordConfirmation: SECOND_PASSWORD })).status).toBe(401);
    expect((await system.request('POST', `/api/v1/me/logins/requests/${UNKNOWN_REQUEST}/confirm`)).status).toBe(401);
  });

  it('a repeated request (same Idempotency-Key) and a repeated confirmation are one new login', async () => {
    const username = await completedSignup(system, personForm);
    const cookie = await sessionOf(system, username);
    const profileId = (await system.logins.findById(username).lean())!.profileId;
    const key = { 'idempotency-key': `new-login-${Date.now()}` };

    const [a, b] = await Promise.all([requestLogin(cookie, SECOND_PASSWORD, key), requestLogin(cookie, SECOND_PASSWORD, key)]);
    expect(a).toEqual(b);
    const [x, y] = await Promise.all([confirm(cookie, a.body.requestId), confirm(cookie, a.body.requestId)]);
    expect(x).toEqual(y);
    expect(x.status).toBe(201);
    // The key again after it finished: the same request, already created.
    const again = await requestLogin(cookie, SECOND_PASSWORD, key);
    expect(again.body.requestId).toBe(a.body.requestId);
    expect(await confirm(cookie, again.body.requestId)).toEqual(x);
    expect(await system.logins.countDocuments({ profileId })).toBe(2);
  });
});

describe('an unconfirmed "Crea nuova login" request, through HTTP on the real stack', () => {
  // Requests expire after 1.2 s.
  const system = new SystemHarness();
  beforeAll(() => system.startSystem({ overrides: { LOGIN_REQUEST_EXPIRY_MINUTES: '0.02' } }), 60_000);
  afterAll(() => system.stop());

  it('expires: a late confirmation gets 409 login_request_expired and nothing is created', async () => {
    const username = await completedSignup(system, personForm);
    const cookie = await sessionOf(system, username);
    const profileId = (await system.logins.findById(username).lean())!.profileId;
    const asked = await system.request('POST', '/api/v1/me/logins', { password: SECOND_PASSWORD, passwordConfirmation: SECOND_PASSWORD }, { cookie });
    expect(asked.status).toBe(202);

    const handle = system.temporal.client.workflow.getHandle(`login-request-${asked.body.requestId}`);
    expect(await handle.result()).toEqual({ status: 'expired' });
    const late = await system.request('POST', `/api/v1/me/logins/requests/${asked.body.requestId}/confirm`, undefined, { cookie, 'accept-language': 'en' });
    expect(late.status).toBe(409);
    expect(late.body.error).toEqual({ code: 'login_request_expired', message: 'The new login request has expired: go through "Crea nuova login" again.' });
    expect(await system.logins.countDocuments({ profileId })).toBe(1);
  });
});
