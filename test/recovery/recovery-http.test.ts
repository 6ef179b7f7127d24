import { createHash, randomInt } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { ReceivedMail } from '../../stack/mail-sink';
import { RECOVERY_ANSWER_FLOOR_MS, RECOVERY_LIMITS, USERNAME_REMINDER_WINDOW_MS } from '../../recovery/recovery-limits';
import { SECRET_ANSWER_MIN_LENGTH } from '../../domain/secret-answer';
import { verifyPassword } from '../../security/argon2';
import { personForm } from '../support/registration-samples';
import { uniqueName } from '../support/stack';
import { SystemHarness } from '../support/system-harness';

const PASSWORD = 'Tramonto-Sul-Lago-42';
const NEW_PASSWORD = 'Alba-Sul-Monte-73!';
const RESET_LINK = /http:\/\/localhost:3000\/recupero\/nuova-password\?token=([A-Za-z0-9_-]{43})/;
const SUBJECT = { reminder: 'I tuoi dati di accesso', reset: 'Reimposta la password', changed: 'La password è stata cambiata', locked: 'Recupero della password bloccato' };
const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');

/** A client address of its own per test (the API trusts X-Forwarded-For from loopback): per-address limits count each test apart. */
const clientAddress = () => `10.${randomInt(256)}.${randomInt(256)}.${randomInt(1, 255)}`;
const uniqueEmail = () => `${uniqueName('recovery')}@example.it`;

/** The recovery helpers of one system: signups, sign-in, the API's recovery endpoints, the e-mails they send. */
function recoveryClient(system: SystemHarness) {
  const formFor = (email: string, recovery?: { question: string; answer: string }) => {
    const { recovery: _sample, ...form } = personForm;
    return { ...form, email, emailConfirmation: email, ...(recovery ? { recovery } : {}) };
  };
  const client = {
    formFor,
    /** A signup through the API up to its password: an active login with this contact address. */
    async completedSignup(email: string, recovery?: { question: string; answer: string }): Promise<string> {
      const submitted = await system.request('POST', '/api/v1/signups', formFor(email, recovery));
      expect(submitted.status).toBe(201);
      const done = await system.request('POST', `/api/v1/signups/${submitted.body.signupId}/password`, { password: PASSWORD, passwordConfirmation: PASSWORD });
      expect(done.status).toBe(200);
      return submitted.body.username;
    },
    async signIn(username: string, password: string, from: string): Promise<{ status: number; sessionId: string }> {
      const res = await fetch(system.url('/api/v1/session'), {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-forwarded-for': from },
        body: JSON.stringify({ username, password }),
      });
      return { status: res.status, sessionId: /sid=([A-Za-z0-9_-]{43})/.exec(res.headers.get('set-cookie') ?? '')?.[1] ?? '' };
    },
    meStatus: async (sessionId: string) => (await system.request('GET', '/api/v1/me', undefined, { cookie: `sid=${sessionId}` })).status,
    post: (path: string, body: unknown, from: string, headers: Record<string, string> = {}) =>
      system.request('POST', `/api/v1/recovery${path}`, body, { 'x-forwarded-for': from, ...headers }),
    /** Status, body and headers (but the date) of one answer, and how long it took. */
    async timedPost(path: string, body: unknown, from: string, headers: Record<string, string> = {}) {
      const startedAt = performance.now();
      const res = await fetch(system.url(`/api/v1/recovery${path}`), {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-forwarded-for': from, ...headers },
        body: JSON.stringify(body),
      });
      const text = await res.text();
      const elapsedMs = performance.now() - startedAt;
      const { date: _date, ...headerFields } = Object.fromEntries(res.headers);
      return { answer: { status: res.status, body: text, headers: headerFields }, elapsedMs };
    },
    mailsTo: (address: string, subject: string): ReceivedMail[] => system.sink.messages.filter((m) => m.envelopeTo.includes(address) && m.parsed.subject === subject),
    async waitForMails(address: string, subject: string, count = 1): Promise<ReceivedMail[]> {
      const deadline = Date.now() + 20_000;
      for (;;) {
        const found = client.mailsTo(address, subject);
        if (found.length >= count) return found;
        if (Date.now() > deadline) throw new Error(`expected ${count} "${subject}" e-mail(s) to ${address}, received ${found.length}`);
        await sleep(25);
      }
    },
    /** A new reset link for the username, as if the per-username cooldown (1 a minute) had passed. */
    async requestLink(username: string, email: string, from: string): Promise<string> {
      await system.redis.del(`rl:recovery-reset-link:${sha256(username)}`);
      const before = client.mailsTo(email, SUBJECT.reset).length;
      expect(await client.post('/password', { username }, from)).toEqual({ status: 202, body: { status: 'accepted' } });
      const mails = await client.waitForMails(email, SUBJECT.reset, before + 1);
      return client.tokenFrom(mails[mails.length - 1]!);
    },
    resetPage: (token: string, from: string, headers: Record<string, string> = {}) =>
      system.request('GET', `/api/v1/recovery/password/reset?token=${encodeURIComponent(token)}`, undefined, { 'x-forwarded-for': from, ...headers }),
    tokenFrom(mail: ReceivedMail): string {
      const token = RESET_LINK.exec(mail.parsed.text ?? '')?.[1];
      if (!token) throw new Error(`no reset link in: ${mail.parsed.text}`);
      return token;
    },
  };
  return client;
}

describe('recover access through HTTP on the real stack (API, Temporal, FerretDB, Redis, SMTP)', () => {
  const system = new SystemHarness();
  const client = recoveryClient(system);
  const { completedSignup, signIn, meStatus, post, timedPost, mailsTo, waitForMails, tokenFrom, requestLink, resetPage } = client;
  // The test client is the one proxy hop in front of the API (TRUST_PROXY), so X-Forwarded-For names each test's address.
  beforeAll(() => system.startSystem({ overrides: { TRUST_PROXY: '1' } }), 60_000);
  afterAll(() => system.stop());

  it('lost username: one e-mail to the contact address lists every active username of its profiles; asking again in the window sends no other', async () => {
    const email = uniqueEmail();
    const first = await completedSignup(email);
    const second = await completedSignup(email);
    const reserved = (await system.request('POST', '/api/v1/signups', client.formFor(email))).body.username;
    const from = clientAddress();
    const windowAtStart = Math.floor(Date.now() / USERNAME_REMINDER_WINDOW_MS);

    // Typed with spaces and a capitalised domain: registration stored the domain in lower case.
    const typed = ` ${email.replace('example.it', 'Example.IT')} `;
    expect(await post('/username', { email: typed }, from)).toEqual({ status: 202, body: { status: 'accepted' } });
    const [reminder] = await waitForMails(email, SUBJECT.reminder);
    expect(reminder!.envelopeTo).toEqual([email]);
    expect(reminder!.parsed.text).toContain(first);
    expect(reminder!.parsed.text).toContain(second);
    expect(reminder!.parsed.text).not.toContain(reserved);
    expect(reminder!.raw).not.toContain(PASSWORD);

    expect(await post('/username', { email }, from)).toEqual({ status: 202, body: { status: 'accepted' } });
    await sleep(1_500);
    await system.drained();
    const sameWindow = Math.floor(Date.now() / USERNAME_REMINDER_WINDOW_MS) === windowAtStart;
    expect(mailsTo(email, SUBJECT.reminder)).toHaveLength(sameWindow ? 1 : 2);
  });


  it('lost password: the e-mailed link sets a new password once, under the policy, ends every session of the login and tells the contact address', async () => {
    const email = uniqueEmail();
    const username = await completedSignup(email);
    const from = clientAddress();
    const sessions = [await signIn(username, PASSWORD, from), await signIn(username, PASSWORD, from)];
    expect(sessions.map((s) => s.status)).toEqual([200, 200]);

    expect(await post('/password', { username: ` ${username.toUpperCase()}` }, from)).toEqual({ status: 202, body: { status: 'accepted' } });
    const [mail] = await waitForMails(email, SUBJECT.reset);
    expect(mail!.parsed.text).toContain(username);
    expect(mail!.parsed.text).toContain('30 minuti');
    const token = tokenFrom(mail!);

    // Redis holds the token's hash only, for RECOVERY_TOKEN_MINUTES; the e-mail never holds the hash.
    expect(await system.redis.get(`recovery:${sha256(token)}`)).toBe(username);
    expect(await system.redis.pttl(`recovery:${sha256(token)}`)).toBeGreaterThan(29 * 60_000);
    expect(await system.redis.pttl(`recovery:${sha256(token)}`)).toBeLessThanOrEqual(30 * 60_000);
    expect(await system.redis.exists(`recovery:${token}`)).toBe(0);
    expect(mail!.raw).not.toContain(sha256(token));

    // The page behind the link: no question on this login, so no answer needed.
    expect(await resetPage(token, from)).toEqual({ status: 200, body: { answerRequired: false } });

    // A password the policy refuses (here: the holder's names) is a 422 and leaves the link usable.
    const weak = await post('/password/reset', { token, password: 'Mario-Rossi-1980!', passwordConfirmation: 'Mario-Rossi-1980!' }, from, { 'accept-language': 'en' });
    expect(weak.status).toBe(422);
    expect(weak.body.error.fields).toContainEqual({ path: 'password', rule: 'no_personal_data', message: expect.any(String) });
    const mismatch = await post('/password/reset', { token, password: NEW_PASSWORD, passwordConfirmation: `${NEW_PASSWORD}x` }, from);
    expect(mismatch.body.error.fields).toContainEqual({ path: 'passwordConfirmation', rule: 'mismatch', message: expect.any(String) });

    expect(await post('/password/reset', { token, password: NEW_PASSWORD, passwordConfirmation: NEW_PASSWORD }, from)).toEqual({ status: 200, body: { username } });
    const login = await system.logins.findById(username).lean();
    expect(await verifyPassword(login!.passwordHash!, NEW_PASSWORD)).toBe(true);
    expect(login!.status).toBe('active');
    for (const { sessionId } of sessions) expect(await meStatus(sessionId)).toBe(401);
    expect(await system.redis.exists(`sess-user:${username}`)).toBe(0);
    expect((await signIn(username, PASSWORD, from)).status).toBe(401);
    expect((await signIn(username, NEW_PASSWORD, from)).status).toBe(200);
    const [notice] = await waitForMails(email, SUBJECT.changed);
    expect(notice!.parsed.text).toContain(username);
    expect(notice!.raw).not.toContain(NEW_PASSWORD);

    // Used once: the same link again is refused (404, as for any unknown token), and changes nothing.
    const reused = await post('/password/reset', { token, password: 'Vento-Di-Mare-55!', passwordConfirmation: 'Vento-Di-Mare-55!' }, from, { 'accept-language': 'en' });
    expect(reused.status).toBe(404);
    expect(reused.body.error).toEqual({ code: 'invalid_token', message: 'The reset link is not valid, was already used or has expired: ask for a new one.' });
    expect((await resetPage(token, from)).status).toBe(404);
    expect((await signIn(username, NEW_PASSWORD, from)).status).toBe(200);
  });

  it('a newer link does not cancel an older one (a stranger asking for links cannot spoil the owner’s); a reset cancels them all', async () => {
    const email = uniqueEmail();
    const username = await completedSignup(email);
    const from = clientAddress();
    const older = await requestLink(username, email, from);
    const newer = await requestLink(username, email, from);

    const body = (token: string) => ({ token, password: NEW_PASSWORD, passwordConfirmation: NEW_PASSWORD });
    expect(await post('/password/reset', body(older), from)).toEqual({ status: 200, body: { username } });
    expect((await post('/password/reset', body(newer), from)).status).toBe(404);
  });

  it('asking again for one username within a minute answers 429 with Retry-After, known username or not: never a silent drop', async () => {
    const email = uniqueEmail();
    const username = await completedSignup(email);
    for (const name of [username, '1000005@aruba.it']) {
      expect((await post('/password', { username: name }, clientAddress())).status).toBe(202);
      const res = await fetch(system.url('/api/v1/recovery/password'), {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-forwarded-for': clientAddress() },
        body: JSON.stringify({ username: name }),
      });
      expect(res.status).toBe(429);
      expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(Number(res.headers.get('retry-after'))).toBeLessThanOrEqual(RECOVERY_LIMITS.resetLinkCooldown.windowMs / 1000);
    }
    await waitForMails(email, SUBJECT.reset);
    await sleep(1_000);
    await system.drained();
    expect(mailsTo(email, SUBJECT.reset)).toHaveLength(1);
  });

  it('refuses a token that was never issued, or is not shaped like one, with 404', async () => {
    const from = clientAddress();
    for (const token of ['A'.repeat(43), 'not-a-token', '../../etc/passwd']) {
      const res = await post('/password/reset', { token, password: NEW_PASSWORD, passwordConfirmation: NEW_PASSWORD }, from);
      expect([res.status, res.body.error.code]).toEqual([404, 'invalid_token']);
      expect((await resetPage(token, from)).status).toBe(404);
    }
    expect((await system.request('GET', '/api/v1/recovery/password/reset', undefined, { 'x-forwarded-for': from })).status).toBe(404);
  });

  it('the secret question is a second factor: shown only behind a valid link, and the reset needs its answer as well as the token', async () => {
    const email = uniqueEmail();
    const username = await completedSignup(email, { question: 'Città natale?', answer: 'Forlimpopoli' });
    const from = clientAddress();
    const { sessionId } = await signIn(username, PASSWORD, from);

    // Nothing shows the question, or resets with it, without the e-mailed token.
    for (const path of ['/password/question', '/password/answer']) {
      const res = await post(path, { username, answer: 'Forlimpopoli', password: NEW_PASSWORD, passwordConfirmation: NEW_PASSWORD }, from);
      expect(res.status).toBe(404);
      expect(JSON.stringify(res.body)).not.toContain('Città natale');
    }

    const token = await requestLink(username, email, from);
    expect(await resetPage(token, from)).toEqual({ status: 200, body: { answerRequired: true, question: 'Città natale?' } });

    const missing = await post('/password/reset', { token, password: NEW_PASSWORD, passwordConfirmation: NEW_PASSWORD }, from, { 'accept-language': 'en' });
    expect(missing.status).toBe(422);
    expect(missing.body.error.fields).toEqual([{ path: 'recoveryAnswer', rule: 'required', message: 'This field is required.' }]);
    const wrong = await post('/password/reset', { token, recoveryAnswer: 'Cesena', password: NEW_PASSWORD, passwordConfirmation: NEW_PASSWORD }, from, { 'accept-language': 'en' });
    expect(wrong.status).toBe(422);
    expect(wrong.body.error.fields).toEqual([{ path: 'recoveryAnswer', rule: 'wrong_answer', message: 'The answer does not match the one you set.' }]);
    const wrongIt = await post('/password/reset', { token, recoveryAnswer: 'Cesena', password: NEW_PASSWORD, passwordConfirmation: NEW_PASSWORD }, from);
    expect(wrongIt.body.error.fields[0].message).toBe('La risposta non corrisponde a quella impostata.');
    expect(await meStatus(sessionId)).toBe(200);

    const right = await post('/password/reset', { token, recoveryAnswer: '  FORLIMPOPOLI ', password: NEW_PASSWORD, passwordConfirmation: NEW_PASSWORD }, from);
    expect(right).toEqual({ status: 200, body: { username } });
    expect(await meStatus(sessionId)).toBe(401);
    expect((await signIn(username, NEW_PASSWORD, from)).status).toBe(200);
    // The successful reset started the count of wrong answers again.
    expect(await system.redis.exists(`recovery-wrong-answers:${sha256(username)}`)).toBe(0);
  });

  it(`wrong answers lock the reset: the ${RECOVERY_LIMITS.wrongAnswersPerLogin.limit}th cancels every link, tells the owner, and no new link is sent`, async () => {
    const email = uniqueEmail();
    const username = await completedSignup(email, { question: 'Squadra del cuore?', answer: 'Fiorentina' });
    const from = clientAddress();
    const first = await requestLink(username, email, from);
    const second = await requestLink(username, email, from);
    const { limit } = RECOVERY_LIMITS.wrongAnswersPerLogin;
    const attempt = (token: string) => post('/password/reset', { token, recoveryAnswer: 'Juventus', password: NEW_PASSWORD, passwordConfirmation: NEW_PASSWORD }, from, { 'accept-language': 'en' });

    // Counted per login, across its links.
    for (let i = 1; i < limit; i++) expect((await attempt(i % 2 ? first : second)).status).toBe(422);
    const locking = await attempt(first);
    expect([locking.status, locking.body.error.code]).toEqual([410, 'recovery_locked']);
    for (const token of [first, second]) {
      expect((await resetPage(token, from)).status).toBe(404);
      const right = await post('/password/reset', { token, recoveryAnswer: 'Fiorentina', password: NEW_PASSWORD, passwordConfirmation: NEW_PASSWORD }, from);
      expect(right.status).toBe(404);
    }
    const [notice] = await waitForMails(email, SUBJECT.locked);
    expect(notice!.parsed.text).toContain(username);
    expect(notice!.parsed.text).toContain('24 ore');

    // While locked, asking for a link sends nothing (the answer is the same 202), and the password is as it was.
    await system.redis.del(`rl:recovery-reset-link:${sha256(username)}`);
    expect((await post('/password', { username }, from)).status).toBe(202);
    await sleep(1_000);
    await system.drained();
    expect(mailsTo(email, SUBJECT.reset)).toHaveLength(2);
    expect(mailsTo(email, SUBJECT.locked)).toHaveLength(1);
    expect((await signIn(username, PASSWORD, from)).status).toBe(200);
  });

  it('a successful reset ends the sign-in lockouts of the login, from every address', async () => {
    const email = uniqueEmail();
    const username = await completedSignup(email);
    const from = clientAddress();
    for (let i = 0; i < 5; i++) expect((await signIn(username, 'Sbagliata-Del-Tutto-1', from)).status).toBe(401);
    expect((await signIn(username, PASSWORD, from)).status).toBe(429);

    const token = await requestLink(username, email, clientAddress());
    expect((await post('/password/reset', { token, password: NEW_PASSWORD, passwordConfirmation: NEW_PASSWORD }, clientAddress())).status).toBe(200);
    expect((await signIn(username, NEW_PASSWORD, from)).status).toBe(200);
  });

  it(`refuses secret answers shorter than ${SECRET_ANSWER_MIN_LENGTH} letters or digits at signup`, async () => {
    const res = await system.request('POST', '/api/v1/signups', client.formFor(uniqueEmail(), { question: 'Città natale?', answer: 'Roma' }), { 'accept-language': 'en' });
    expect(res.status).toBe(422);
    expect(res.body.error.fields).toEqual([{ path: 'recovery.answer', rule: 'min_length', message: `Must be at least ${SECRET_ANSWER_MIN_LENGTH} characters long.` }]);
  });

  it('answers alike for existing and unknown accounts: same status, body and headers, never sooner than the floor', async () => {
    const email = uniqueEmail();
    const withQuestion = await completedSignup(email, { question: 'Squadra del cuore?', answer: 'Fiorentina' });
    const reserved = (await system.request('POST', '/api/v1/signups', client.formFor(uniqueEmail()))).body.username;
    const disabled = await completedSignup(uniqueEmail());
    await system.logins.updateOne({ _id: disabled }, { $set: { status: 'disabled' } });
    const unknownUsername = '1000001@aruba.it';
    const unknownEmail = uniqueEmail();

    for (const language of ['it', 'en']) {
      const headers = { 'accept-language': language };
      for (const username of [withQuestion, unknownUsername, reserved, disabled]) await system.redis.del(`rl:recovery-reset-link:${sha256(username)}`);
      const byEmail = await Promise.all([email, unknownEmail].map((address) => timedPost('/username', { email: address }, clientAddress(), headers)));
      const byUsername = await Promise.all(
        [withQuestion, unknownUsername, reserved, disabled].map((username) => timedPost('/password', { username }, clientAddress(), headers)),
      );
      for (const { answer, elapsedMs } of [...byEmail, ...byUsername]) {
        expect(answer).toEqual(byEmail[0]!.answer);
        expect(elapsedMs).toBeGreaterThanOrEqual(RECOVERY_ANSWER_FLOOR_MS - 5);
      }
      expect(byEmail[0]!.answer).toMatchObject({ status: 202, body: JSON.stringify({ status: 'accepted' }), headers: { 'cache-control': 'no-store' } });
    }

    await waitForMails(email, SUBJECT.reminder);
    await waitForMails(email, SUBJECT.reset, 2);
    await sleep(1_000);
    await system.drained();
    expect(system.sink.messages.filter((mail) => mail.envelopeTo.includes(unknownEmail))).toEqual([]);
    expect(await system.redis.exists(`recovery-tokens:${unknownUsername}`, `recovery-tokens:${reserved}`, `recovery-tokens:${disabled}`)).toBe(0);
  });

  it('answers 429 with Retry-After past the per-address limit, shared by both e-mail endpoints, while other addresses go on', async () => {
    const from = clientAddress();
    const { limit } = RECOVERY_LIMITS.emailsPerAddress;
    const within = await Promise.all(Array.from({ length: limit }, () => post('/username', { email: uniqueEmail() }, from)));
    expect(within.map((res) => res.status)).toEqual(Array(limit).fill(202));

    for (const [path, body] of [['/username', { email: uniqueEmail() }], ['/password', { username: '1000002@aruba.it' }]] as const) {
      const res = await fetch(system.url(`/api/v1/recovery${path}`), { method: 'POST', headers: { 'content-type': 'application/json', 'x-forwarded-for': from }, body: JSON.stringify(body) });
      expect(res.status).toBe(429);
      const retryAfter = Number(res.headers.get('retry-after'));
      expect(retryAfter).toBeGreaterThan(0);
      expect(retryAfter).toBeLessThanOrEqual(RECOVERY_LIMITS.emailsPerAddress.windowMs / 1000);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('rate_limited');
    }
    expect((await post('/username', { email: uniqueEmail() }, clientAddress())).status).toBe(202);
  });

  it('rejects unknown and missing fields with 422, and documents the recovery endpoints', async () => {
    const from = clientAddress();
    const extra = await post('/password', { username: '1000004@aruba.it', email: 'x@example.it' }, from, { 'accept-language': 'en' });
    expect(extra.status).toBe(422);
    expect(extra.body.error.fields).toContainEqual({ path: 'email', rule: 'unknown_field', message: 'Unknown field.' });
    const notAnEmail = await post('/username', { email: 'mario@' }, from);
    expect(notAnEmail.status).toBe(422);
    expect(notAnEmail.body.error.fields).toContainEqual({ path: 'email', rule: 'format', message: expect.any(String) });
    const missing = await post('/password/reset', { password: NEW_PASSWORD, passwordConfirmation: NEW_PASSWORD }, from);
    expect(missing.body.error.fields).toContainEqual({ path: 'token', rule: 'required', message: expect.any(String) });

    const { body } = await system.request('GET', '/api/v1/openapi.json');
    for (const path of ['username', 'password', 'password/reset']) {
      expect(body.paths[`/api/v1/recovery/${path}`].post.tags).toEqual(['recovery']);
    }
    expect(body.paths['/api/v1/recovery/password/reset'].get.tags).toEqual(['recovery']);
    expect(body.paths['/api/v1/recovery/password/question']).toBeUndefined();
    expect(body.paths['/api/v1/recovery/password/answer']).toBeUndefined();
  });
});

describe('an expired reset link, through HTTP on the real stack', () => {
  const system = new SystemHarness();
  const client = recoveryClient(system);
  beforeAll(() => system.startSystem({ overrides: { RECOVERY_TOKEN_MINUTES: '0.02', TRUST_PROXY: '1' } }), 60_000);
  afterAll(() => system.stop());

  it('is refused once RECOVERY_TOKEN_MINUTES have passed, and the password stays as it was', async () => {
    const email = uniqueEmail();
    const username = await client.completedSignup(email);
    const from = clientAddress();
    await client.post('/password', { username }, from);
    const [mail] = await client.waitForMails(email, SUBJECT.reset);
    const token = client.tokenFrom(mail!);

    await sleep(1_500); // 0.02 minutes = 1.2 s
    expect(await system.redis.exists(`recovery:${sha256(token)}`)).toBe(0);
    const late = await client.post('/password/reset', { token, password: NEW_PASSWORD, passwordConfirmation: NEW_PASSWORD }, from);
    expect([late.status, late.body.error.code]).toEqual([404, 'invalid_token']);
    expect((await client.signIn(username, PASSWORD, from)).status).toBe(200);
  });
});
