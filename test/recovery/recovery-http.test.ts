import { createHash, randomInt } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { ReceivedMail } from '../../stack/mail-sink';
import { DECOY_QUESTIONS } from '../../recovery/decoy-questions';
import { RECOVERY_ANSWER_FLOOR_MS, RECOVERY_LIMITS, USERNAME_REMINDER_WINDOW_MS } from '../../recovery/recovery-limits';
import { verifyPassword } from '../../security/argon2';
import { personForm } from '../support/registration-samples';
import { uniqueName } from '../support/stack';
import { SystemHarness } from '../support/system-harness';

const PASSWORD = 'Tramonto-Sul-Lago-42';
const NEW_PASSWORD = 'Alba-Sul-Monte-73!';
const RESET_LINK = /http:\/\/localhost:3000\/recupero\/nuova-password\?token=([A-Za-z0-9_-]{43})/;
const SUBJECT = { reminder: 'I tuoi dati di accesso', reset: 'Reimposta la password' };
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
  const { completedSignup, signIn, meStatus, post, timedPost, mailsTo, waitForMails, tokenFrom } = client;
  beforeAll(() => system.startSystem(), 60_000);
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

  it('lost password: the e-mailed link sets a new password once, under the policy, and ends every session of the login', async () => {
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

    // Used once: the same link again is refused, and changes nothing.
    const reused = await post('/password/reset', { token, password: 'Vento-Di-Mare-55!', passwordConfirmation: 'Vento-Di-Mare-55!' }, from, { 'accept-language': 'en' });
    expect(reused.status).toBe(400);
    expect(reused.body.error).toEqual({ code: 'invalid_token', message: 'The reset link is not valid, was already used or has expired: ask for a new one.' });
    expect((await signIn(username, NEW_PASSWORD, from)).status).toBe(200);
  });

  it('a newer reset link replaces the older one', async () => {
    const email = uniqueEmail();
    const username = await completedSignup(email);
    const from = clientAddress();
    await post('/password', { username }, from);
    const [older] = await waitForMails(email, SUBJECT.reset);
    await post('/password', { username }, from);
    const mails = await waitForMails(email, SUBJECT.reset, 2);
    const newer = mails.find((mail) => mail !== older)!;

    const body = (token: string) => ({ token, password: NEW_PASSWORD, passwordConfirmation: NEW_PASSWORD });
    expect((await post('/password/reset', body(tokenFrom(older!)), from)).body.error.code).toBe('invalid_token');
    expect(await post('/password/reset', body(tokenFrom(newer)), from)).toEqual({ status: 200, body: { username } });
  });

  it('refuses a token that was never issued, or is not shaped like one', async () => {
    const from = clientAddress();
    for (const token of ['A'.repeat(43), 'not-a-token', '../../etc/passwd']) {
      const res = await post('/password/reset', { token, password: NEW_PASSWORD, passwordConfirmation: NEW_PASSWORD }, from);
      expect([res.status, res.body.error.code]).toEqual([400, 'invalid_token']);
    }
  });

  it('secret question: the right answer, however typed, sets the new password and ends the sessions; a wrong one is refused', async () => {
    const email = uniqueEmail();
    const username = await completedSignup(email, { question: 'Città natale?', answer: 'Forlì' });
    const from = clientAddress();
    const { sessionId } = await signIn(username, PASSWORD, from);

    expect(await post('/password/question', { username }, from)).toEqual({ status: 200, body: { question: 'Città natale?' } });
    const wrong = await post('/password/answer', { username, answer: 'Cesena', password: NEW_PASSWORD, passwordConfirmation: NEW_PASSWORD }, from, { 'accept-language': 'en' });
    expect(wrong.status).toBe(403);
    expect(wrong.body.error).toEqual({ code: 'recovery_failed', message: 'The details given could not be verified.' });
    expect(await meStatus(sessionId)).toBe(200);

    const weak = await post('/password/answer', { username, answer: 'forli', password: 'corto', passwordConfirmation: 'corto' }, from);
    expect(weak.status).toBe(422);

    const right = await post('/password/answer', { username, answer: '  FORLI ', password: NEW_PASSWORD, passwordConfirmation: NEW_PASSWORD }, from);
    expect(right).toEqual({ status: 200, body: { username } });
    expect(await meStatus(sessionId)).toBe(401);
    expect((await signIn(username, NEW_PASSWORD, from)).status).toBe(200);
  });

  it('answers alike for existing and unknown accounts: same status, body and headers, never sooner than the floor', async () => {
    const email = uniqueEmail();
    const withQuestion = await completedSignup(email, { question: 'Squadra del cuore?', answer: 'Fiorentina' });
    const withoutQuestion = await completedSignup(uniqueEmail());
    const reserved = (await system.request('POST', '/api/v1/signups', client.formFor(uniqueEmail()))).body.username;
    const disabled = await completedSignup(uniqueEmail());
    await system.logins.updateOne({ _id: disabled }, { $set: { status: 'disabled' } });
    const unknownUsername = '1000001@aruba.it';
    const unknownEmail = uniqueEmail();

    for (const language of ['it', 'en']) {
      const headers = { 'accept-language': language };
      const byEmail = await Promise.all([email, unknownEmail].map((address) => timedPost('/username', { email: address }, clientAddress(), headers)));
      const byUsername = await Promise.all(
        [withQuestion, unknownUsername, reserved, disabled].map((username) => timedPost('/password', { username }, clientAddress(), headers)),
      );
      for (const { answer, elapsedMs } of [...byEmail, ...byUsername]) {
        expect(answer).toEqual(byEmail[0]!.answer);
        expect(elapsedMs).toBeGreaterThanOrEqual(RECOVERY_ANSWER_FLOOR_MS - 5);
      }
      expect(byEmail[0]!.answer).toMatchObject({ status: 202, body: JSON.stringify({ status: 'accepted' }), headers: { 'cache-control': 'no-store' } });

      const wrongAnswers = await Promise.all(
        [withQuestion, withoutQuestion, unknownUsername, disabled].map((username) =>
          timedPost('/password/answer', { username, answer: 'Juventus', password: NEW_PASSWORD, passwordConfirmation: NEW_PASSWORD }, clientAddress(), headers),
        ),
      );
      for (const { answer } of wrongAnswers) expect(answer).toEqual(wrongAnswers[0]!.answer);
      expect(wrongAnswers[0]!.answer.status).toBe(403);
    }

    // A decoy question for a username with none to show: plausible, and the same every time.
    for (const username of [unknownUsername, withoutQuestion, reserved]) {
      const asked = await post('/password/question', { username }, clientAddress());
      expect(asked.status).toBe(200);
      expect(DECOY_QUESTIONS).toContain(asked.body.question);
      expect((await post('/password/question', { username: username.toUpperCase() }, clientAddress())).body).toEqual(asked.body);
    }

    await waitForMails(email, SUBJECT.reminder);
    await waitForMails(email, SUBJECT.reset, 2);
    await sleep(1_000);
    await system.drained();
    expect(system.sink.messages.filter((mail) => mail.envelopeTo.includes(unknownEmail))).toEqual([]);
    expect(await system.redis.exists(`recovery-latest:${unknownUsername}`, `recovery-latest:${reserved}`, `recovery-latest:${disabled}`)).toBe(0);
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

  it('answers 429 past the per-username limit of secret answers, from whichever address they come, known username or not', async () => {
    const { limit } = RECOVERY_LIMITS.answersPerUsername;
    for (const username of [await completedSignup(uniqueEmail(), { question: 'Piatto preferito?', answer: 'Lasagne' }), '1000003@aruba.it']) {
      const attempt = () => post('/password/answer', { username, answer: 'Pizza', password: NEW_PASSWORD, passwordConfirmation: NEW_PASSWORD }, clientAddress());
      for (let i = 0; i < limit; i++) expect((await attempt()).status).toBe(403);
      const over = await attempt();
      expect([over.status, over.body.error.code]).toEqual([429, 'rate_limited']);
    }
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
    for (const path of ['username', 'password', 'password/reset', 'password/question', 'password/answer']) {
      expect(body.paths[`/api/v1/recovery/${path}`].post.tags).toEqual(['recovery']);
    }
  });
});

describe('an expired reset link, through HTTP on the real stack', () => {
  const system = new SystemHarness();
  const client = recoveryClient(system);
  beforeAll(() => system.startSystem({ overrides: { RECOVERY_TOKEN_MINUTES: '0.02' } }), 60_000);
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
    expect([late.status, late.body.error.code]).toEqual([400, 'invalid_token']);
    expect((await client.signIn(username, PASSWORD, from)).status).toBe(200);
  });
});
