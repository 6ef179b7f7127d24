import { createHash, randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { verifyPassword, verifySecretAnswer } from '../../security/argon2';
import { completedSignup, CUSTOMER_PASSWORD, signIn } from '../support/customers';
import { personForm } from '../support/registration-samples';
import { uniqueName } from '../support/stack';
import { SystemHarness } from '../support/system-harness';

const NEW_PASSWORD = 'Nuvola-Sopra-Il-Mare-58';
const SUBJECT = { emailChanged: "L'indirizzo email di contatto è stato cambiato", passwordChanged: 'La password è stata cambiata' };
const REAUTH_MESSAGE = { it: 'Per sicurezza, inserisci di nuovo la password per completare questa operazione.', en: 'For your security, enter your password again to complete this operation.' };

/** A /64 of its own per call, so no two tests share a lockout or rate-limit counter. */
const fromAddress = () => ({ 'x-forwarded-for': `2001:db8:${randomBytes(6).toString('hex').match(/.{4}/g)!.join(':')}::1` });
const sessionKeyOf = (cookie: string) => `sess:${createHash('sha256').update(cookie.replace(/^sid=/, '')).digest('hex')}`;

describe('privileged session (sign-in within PRIVILEGED_SESSION_MINUTES), through HTTP on the real stack', () => {
  const system = new SystemHarness();
  beforeAll(() => system.startSystem({ overrides: { TRUST_PROXY: '1', LOGIN_LOCKOUT_ATTEMPTS: '3', LOGIN_DELAY_MAX_MS: '0' } }), 60_000);
  afterAll(() => system.stop());

  const call = (method: string, path: string, cookie: string, body?: unknown, headers: Record<string, string> = {}) => system.request(method, path, body, { cookie, ...headers });
  /** A customer with their own contact address, signed in now. */
  async function customer() {
    const email = `${uniqueName('privileged')}@example.it`;
    const username = await completedSignup(system, { ...personForm, email, emailConfirmation: email });
    const address = fromAddress();
    const { cookie } = await signIn(system, username, CUSTOMER_PASSWORD, address);
    return { email, username, cookie, address };
  }
  /** As if the sign-in had happened `minutes` ago (the record keeps its expiry). */
  async function age(cookie: string, minutes: number) {
    const key = sessionKeyOf(cookie);
    const record = JSON.parse((await system.redis.get(key))!);
    await system.redis.set(key, JSON.stringify({ ...record, authenticatedAt: new Date(Date.now() - minutes * 60_000).toISOString() }), 'KEEPTTL');
  }
  const mailsTo = async (address: string, subject: string, count = 1) => {
    const deadline = Date.now() + 20_000;
    for (;;) {
      const found = system.sink.messages.filter((m) => m.envelopeTo.includes(address) && m.parsed.subject === subject);
      if (found.length >= count) return found;
      if (Date.now() > deadline) throw new Error(`expected ${count} "${subject}" to ${address}, got ${found.length}`);
      await sleep(25);
    }
  };

  it('after PRIVILEGED_SESSION_MINUTES (default 15), the e-mail, the secret question, the password and new logins answer 403 reauthentication_required; other edits go on', async () => {
    const { cookie } = await customer();
    await age(cookie, 16);
    const attempts = [
      ['PATCH', '/api/v1/me/profile', { email: 'ladro@example.it', emailConfirmation: 'ladro@example.it' }],
      ['PATCH', '/api/v1/me/profile', { recovery: { question: 'Colore preferito?', answer: 'verde smeraldo' } }],
      ['POST', '/api/v1/me/password', { password: NEW_PASSWORD, passwordConfirmation: NEW_PASSWORD }],
      ['POST', '/api/v1/me/logins', { password: NEW_PASSWORD, passwordConfirmation: NEW_PASSWORD }],
    ] as const;
    for (const [method, path, body] of attempts) {
      for (const language of ['it', 'en'] as const) {
        const res = await call(method, path, cookie, body, { 'accept-language': language });
        expect([res.status, res.body.error]).toEqual([403, { code: 'reauthentication_required', message: REAUTH_MESSAGE[language] }]);
      }
    }
    expect((await call('PATCH', '/api/v1/me/profile', cookie, { phone: '+39 06 4881 1234' })).status).toBe(200);
    const me = await call('GET', '/api/v1/me', cookie);
    expect(me.body.profile.email).not.toBe('ladro@example.it');

    // Fourteen minutes is still privileged.
    await age(cookie, 14);
    expect((await call('PATCH', '/api/v1/me/profile', cookie, { recovery: { question: 'Colore preferito?', answer: 'verde smeraldo' } })).status).toBe(200);
  });

  it('reauthentication renews the session; a wrong password is a 401 that counts toward the lockout of (username, address)', async () => {
    const { username, cookie, address } = await customer();
    await age(cookie, 60);
    const reauthenticate = (password: string) => call('POST', '/api/v1/session/reauthentication', cookie, { password }, address);

    const wrong = await reauthenticate('Sbagliata-Del-Tutto-1');
    expect([wrong.status, wrong.body.error.code]).toEqual([401, 'invalid_credentials']);
    expect((await reauthenticate('Sbagliata-Del-Tutto-2')).status).toBe(401);
    expect((await reauthenticate(CUSTOMER_PASSWORD)).status).toBe(200);

    const renewed = JSON.parse((await system.redis.get(sessionKeyOf(cookie)))!);
    expect(Date.now() - Date.parse(renewed.authenticatedAt)).toBeLessThan(10_000);
    expect(renewed.createdAt).not.toBe(renewed.authenticatedAt);
    const changed = await call('PATCH', '/api/v1/me/profile', cookie, { recovery: { question: 'Piatto preferito?', answer: 'lasagne al forno' } });
    expect(changed.status).toBe(200);
    const profile = await system.profiles.findById(changed.body.profileId).lean();
    expect(await verifySecretAnswer(profile!.recovery!.answerHash, 'Lasagne al forno')).toBe(true);

    // Three failures lock reauthentication and sign-in for this username from this address.
    await age(cookie, 60);
    for (let i = 0; i < 3; i++) expect((await reauthenticate('Sbagliata-Del-Tutto-3')).status).toBe(401);
    const locked = await reauthenticate(CUSTOMER_PASSWORD);
    expect(locked.status).toBe(429);
    expect((await signIn(system, username, CUSTOMER_PASSWORD, address)).status).toBe(429);
    expect((await signIn(system, username, CUSTOMER_PASSWORD, fromAddress())).status).toBe(200);

    expect((await system.request('POST', '/api/v1/session/reauthentication', { password: CUSTOMER_PASSWORD })).status).toBe(401);
  });

  it('a new contact e-mail tells the previous address, with only a hint of the new one', async () => {
    const { email, cookie } = await customer();
    const next = `${uniqueName('nuovo')}@example.org`;
    const res = await call('PATCH', '/api/v1/me/profile', cookie, { email: next, emailConfirmation: next });
    expect(res.status).toBe(200);
    const [notice] = await mailsTo(email, SUBJECT.emailChanged);
    expect(notice!.envelopeTo).toEqual([email]);
    expect(notice!.parsed.text).toContain(`${next[0]}***@example.org`);
    expect(notice!.raw).not.toContain(next);
    await sleep(500);
    expect(system.sink.messages.filter((m) => m.envelopeTo.includes(next))).toEqual([]);
  });

  it('POST /me/password: policy as at signup, argon2id, every other session ended, this one kept, the contact address told', async () => {
    const { email, username, cookie } = await customer();
    const other = await signIn(system, username, CUSTOMER_PASSWORD, fromAddress());

    const weak = await call('POST', '/api/v1/me/password', cookie, { password: 'Mario-Rossi-1980!', passwordConfirmation: 'Mario-Rossi-1980!' }, { 'accept-language': 'en' });
    expect(weak.status).toBe(422);
    expect(weak.body.error.fields).toContainEqual({ path: 'password', rule: 'no_personal_data', message: expect.any(String) });
    const mismatch = await call('POST', '/api/v1/me/password', cookie, { password: NEW_PASSWORD, passwordConfirmation: `${NEW_PASSWORD}!` });
    expect(mismatch.body.error.fields).toContainEqual({ path: 'passwordConfirmation', rule: 'mismatch', message: expect.any(String) });
    expect((await call('GET', '/api/v1/me', other.cookie)).status).toBe(200);

    expect(await call('POST', '/api/v1/me/password', cookie, { password: NEW_PASSWORD, passwordConfirmation: NEW_PASSWORD })).toEqual({ status: 200, body: { username } });
    const login = await system.logins.findById(username).lean();
    expect(login!.passwordHash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(await verifyPassword(login!.passwordHash!, NEW_PASSWORD)).toBe(true);
    expect((await call('GET', '/api/v1/me', other.cookie)).status).toBe(401);
    expect((await call('GET', '/api/v1/me', cookie)).status).toBe(200);
    expect((await signIn(system, username, CUSTOMER_PASSWORD, fromAddress())).status).toBe(401);
    expect((await signIn(system, username, NEW_PASSWORD, fromAddress())).status).toBe(200);

    const [notice] = await mailsTo(email, SUBJECT.passwordChanged);
    expect(notice!.parsed.text).toContain(username);
    expect(notice!.raw).not.toContain(NEW_PASSWORD);
  });
});
