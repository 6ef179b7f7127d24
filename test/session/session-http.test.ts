import { createHash } from 'node:crypto';
import { sessionStore } from '../../sessions/session-store';
import { formsBySubjectType } from '../support/registration-samples';
import { json, SystemHarness } from '../support/system-harness';

const PASSWORD = 'Tramonto-Sul-Lago-42';
const COOKIE = /^sid=([A-Za-z0-9_-]{43}); Path=\/; HttpOnly; SameSite=Lax$/;
const redisKeyOf = (sessionId: string) => `sess:${createHash('sha256').update(sessionId).digest('hex')}`;

describe('customer sessions through HTTP on the real stack (sign in, /me, sign out)', () => {
  const system = new SystemHarness();
  beforeAll(() => system.startSystem(), 60_000);
  afterAll(() => system.stop());

  /** A signup through the API up to its password; returns the username, now an active login. */
  async function completedSignup(): Promise<string> {
    const submitted = await system.request('POST', '/api/v1/signups', formsBySubjectType.persona_fisica);
    const done = await system.request('POST', `/api/v1/signups/${submitted.body.signupId}/password`, { password: PASSWORD, passwordConfirmation: PASSWORD });
    expect(done.status).toBe(200);
    return submitted.body.username;
  }

  async function signIn(credentials: Record<string, unknown>, headers: Record<string, string> = {}) {
    const res = await fetch(system.url('/api/v1/session'), {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(credentials),
    });
    const setCookie = res.headers.get('set-cookie') ?? '';
    return { status: res.status, body: await json(res), setCookie, sessionId: COOKIE.exec(setCookie)?.[1] ?? '' };
  }

  const me = (sessionId?: string) => system.request('GET', '/api/v1/me', undefined, sessionId ? { cookie: `theme=dark; sid=${sessionId}` } : {});

  let username: string;
  beforeAll(async () => {
    username = await completedSignup();
  }, 60_000);

  it('signs in an active login with an HttpOnly, SameSite=Lax cookie (no Secure over http), and /me answers who it is', async () => {
    const signedIn = await signIn({ username, password: PASSWORD });
    expect(signedIn.status).toBe(200);
    expect(signedIn.body).toEqual({ username });
    expect(signedIn.setCookie).toMatch(COOKIE);

    const res = await me(signedIn.sessionId);
    expect(res.status).toBe(200);
    const login = await system.logins.findById(username).lean();
    expect(res.body).toEqual({
      username,
      profile: expect.objectContaining({
        profileId: login!.profileId,
        subjectType: 'persona_fisica',
        holder: formsBySubjectType.persona_fisica.holder,
        email: formsBySubjectType.persona_fisica.email,
        recovery: { question: formsBySubjectType.persona_fisica.recovery.question },
      }),
      logins: [username],
    });
    expect(res.body.profile).not.toHaveProperty('_id');
    expect(res.body.profile).not.toHaveProperty('__v');
    expect(JSON.stringify(res.body)).not.toMatch(/answerHash|passwordHash|\$argon2/);
  });

  it('marks the cookie Secure when the request came over https (through the local proxy)', async () => {
    const signedIn = await signIn({ username, password: PASSWORD }, { 'x-forwarded-proto': 'https' });
    expect(signedIn.status).toBe(200);
    expect(signedIn.setCookie.split('; ').slice(1).sort()).toEqual(['HttpOnly', 'Path=/', 'SameSite=Lax', 'Secure']);
  });

  it('finds the login when the username is typed with capitals and spaces', async () => {
    const signedIn = await signIn({ username: `  ${username.toUpperCase()} `, password: PASSWORD });
    expect(signedIn.status).toBe(200);
    expect(signedIn.body).toEqual({ username });
  });

  it('gives a new session id at every sign-in, and ends the session the browser presented', async () => {
    const first = await signIn({ username, password: PASSWORD });
    const second = await signIn({ username, password: PASSWORD });
    expect(second.sessionId).not.toBe(first.sessionId);
    expect((await me(first.sessionId)).status).toBe(200);
    expect((await me(second.sessionId)).status).toBe(200);

    const third = await signIn({ username, password: PASSWORD }, { cookie: `sid=${first.sessionId}` });
    expect(third.sessionId).not.toBe(first.sessionId);
    expect((await me(first.sessionId)).status).toBe(401);
    expect((await me(third.sessionId)).status).toBe(200);
  });

  it('keeps only the hash of the session id in Redis, with an expiry', async () => {
    const { sessionId } = await signIn({ username, password: PASSWORD });
    expect(await system.redis.exists(`sess:${sessionId}`)).toBe(0);
    const stored = JSON.parse((await system.redis.get(redisKeyOf(sessionId)))!);
    expect(stored).toEqual({ username, profileId: expect.any(String), createdAt: expect.any(String), authenticatedAt: stored.createdAt });
    const ttl = await system.redis.pttl(redisKeyOf(sessionId));
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(8 * 60 * 60_000);
  });

  it('signs out with 204: the session ends, the cookie is cleared, and the old cookie gets 401 on /me', async () => {
    const { sessionId } = await signIn({ username, password: PASSWORD });
    const res = await fetch(system.url('/api/v1/session'), { method: 'DELETE', headers: { cookie: `sid=${sessionId}` } });
    expect(res.status).toBe(204);
    expect(res.headers.get('set-cookie')).toMatch(/^sid=; Path=\/; Expires=Thu, 01 Jan 1970 00:00:00 GMT; HttpOnly; SameSite=Lax$/);
    expect(await system.redis.exists(redisKeyOf(sessionId))).toBe(0);
    const after = await me(sessionId);
    expect(after.status).toBe(401);
    expect(after.body.error.code).toBe('unauthorized');
  });

  it('answers 204 to a sign-out without a session', async () => {
    expect((await system.request('DELETE', '/api/v1/session')).status).toBe(204);
    expect((await system.request('DELETE', '/api/v1/session', undefined, { cookie: 'sid=not-a-session' })).status).toBe(204);
  });

  it('answers an unknown username and a wrong password alike: 401 invalid_credentials, same body, in it and en', async () => {
    for (const language of ['it', 'en']) {
      const headers = { 'accept-language': language };
      const wrongPassword = await signIn({ username, password: 'Tramonto-Sul-Lago-43' }, headers);
      const unknownUser = await signIn({ username: '1000000@aruba.it', password: PASSWORD }, headers);
      expect(wrongPassword.status).toBe(401);
      expect(wrongPassword.body.error.code).toBe('invalid_credentials');
      expect(unknownUser.status).toBe(wrongPassword.status);
      expect(unknownUser.body).toEqual(wrongPassword.body);
      expect(wrongPassword.setCookie).toBe('');
    }
    expect((await signIn({ username, password: 'x' }, { 'accept-language': 'en' })).body.error.message).toBe('Wrong username or password.');
  });

  it('does not sign in a login still waiting for its password, nor a disabled one', async () => {
    const wrong = await signIn({ username, password: 'Tramonto-Sul-Lago-43' });
    const reserved = await system.request('POST', '/api/v1/signups', formsBySubjectType.persona_fisica);
    expect(await system.logins.findById(reserved.body.username).lean()).toMatchObject({ status: 'reserved' });
    const pending = await signIn({ username: reserved.body.username, password: PASSWORD });
    expect([pending.status, pending.body]).toEqual([401, wrong.body]);

    const disabledUsername = await completedSignup();
    await system.logins.updateOne({ _id: disabledUsername }, { $set: { status: 'disabled' } });
    const disabled = await signIn({ username: disabledUsername, password: PASSWORD });
    expect([disabled.status, disabled.body]).toEqual([401, wrong.body]);
  });

  it('answers /me with 401 without a cookie and with a cookie that is no session', async () => {
    for (const res of [await me(), await me('A'.repeat(43)), await me('../../etc')]) {
      expect(res.status).toBe(401);
      expect(res.body.error.code).toBe('unauthorized');
    }
  });

  it('rejects unknown and missing fields with 422', async () => {
    const extra = await signIn({ username, password: PASSWORD, remember: true }, { 'accept-language': 'en' });
    expect(extra.status).toBe(422);
    expect(extra.body.error.fields).toContainEqual({ path: 'remember', rule: 'unknown_field', message: 'Unknown field.' });
    expect(extra.setCookie).toBe('');
    const missing = await signIn({ username });
    expect(missing.status).toBe(422);
    expect(missing.body.error.fields).toContainEqual({ path: 'password', rule: 'required', message: expect.any(String) });
  });

  it('documents the session endpoints in the OpenAPI document', async () => {
    const { body } = await system.request('GET', '/api/v1/openapi.json');
    expect(Object.keys(body.paths['/api/v1/session'])).toEqual(expect.arrayContaining(['post', 'delete']));
    expect(body.paths['/api/v1/me'].get.security).toEqual([{ sessionCookie: [] }]);
  });

  describe('the session store', () => {
    const store = () => sessionStore(system.redis);

    it('ends a session older than the absolute limit (7 days), however recently used', async () => {
      const sessionId = await store().create({ username, profileId: 'p-1' });
      const eightDaysAgo = new Date(Date.now() - 8 * 24 * 60 * 60_000).toISOString();
      await system.redis.set(redisKeyOf(sessionId), JSON.stringify({ username, profileId: 'p-1', createdAt: eightDaysAgo }), 'PX', 60_000);
      expect(await store().resume(sessionId)).toBeNull();
      expect(await system.redis.exists(redisKeyOf(sessionId))).toBe(0);
    });

    it('restarts the idle expiry on use, but never past the absolute limit', async () => {
      const sessionId = await store().create({ username, profileId: 'p-1' });
      await system.redis.pexpire(redisKeyOf(sessionId), 1_000);
      expect(await store().resume(sessionId)).toMatchObject({ username, profileId: 'p-1', createdAt: expect.any(Date) });
      expect(await system.redis.pttl(redisKeyOf(sessionId))).toBeGreaterThan(60 * 60_000);

      const almostSevenDaysAgo = new Date(Date.now() - 7 * 24 * 60 * 60_000 + 60_000).toISOString();
      await system.redis.set(redisKeyOf(sessionId), JSON.stringify({ username, profileId: 'p-1', createdAt: almostSevenDaysAgo }));
      expect(await store().resume(sessionId)).not.toBeNull();
      expect(await system.redis.pttl(redisKeyOf(sessionId))).toBeLessThanOrEqual(60_000);
    });

    it('treats a record it did not write as no session', async () => {
      const sessionId = await store().create({ username, profileId: 'p-1' });
      await system.redis.set(redisKeyOf(sessionId), 'not json');
      expect(await store().resume(sessionId)).toBeNull();
    });
  });
});
