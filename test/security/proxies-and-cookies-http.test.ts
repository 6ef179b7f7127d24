import { randomBytes, randomInt } from 'node:crypto';
import { sessionCookiePolicy } from '../../api/session-auth';
import { CUSTOMER_PASSWORD, completedSignup, signIn } from '../support/customers';
import { formsBySubjectType } from '../support/registration-samples';
import { SystemHarness } from '../support/system-harness';

/** A fresh TEST-NET-2 address: a rate-limit bucket no other request has touched. */
const freshAddress = () => `198.51.${randomInt(0, 256)}.${randomInt(1, 255)}`;
const productionSecrets = () => ({
  NODE_ENV: 'production',
  ORDER_WEBHOOK_SECRET: randomBytes(32).toString('hex'),
  OPERATOR_TOKEN: randomBytes(32).toString('hex'),
  SESSION_SECRET: randomBytes(32).toString('hex'),
  PAYLOAD_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
});

describe('behind one trusted balancer (TRUST_PROXY=1, development over http), on the real stack', () => {
  const system = new SystemHarness();
  let username: string;
  beforeAll(async () => {
    await system.startSystem({ overrides: { TRUST_PROXY: '1', SIGN_IN_RATE_LIMIT_PER_MINUTE: '2' } });
    username = await completedSignup(system, formsBySubjectType.persona_fisica);
  }, 90_000);
  afterAll(() => system.stop());

  it('the cookie is Secure when the balancer says the client came over https, and not otherwise', async () => {
    const setCookie = (await fetch(system.url('/api/v1/session'), {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-proto': 'https', 'x-forwarded-for': freshAddress() },
      body: JSON.stringify({ username, password: CUSTOMER_PASSWORD }),
    })).headers.get('set-cookie');
    expect(setCookie).toMatch(/^sid=[A-Za-z0-9_-]{43}; Path=\/; HttpOnly; Secure; SameSite=Lax$/);
    const overHttp = await fetch(system.url('/api/v1/session'), {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-for': freshAddress() },
      body: JSON.stringify({ username, password: CUSTOMER_PASSWORD }),
    });
    expect(overHttp.headers.get('set-cookie')).toMatch(/^sid=[A-Za-z0-9_-]{43}; Path=\/; HttpOnly; SameSite=Lax$/);
  });

  it('rate limits count per client address as the balancer names it', async () => {
    const client = freshAddress();
    const attempt = (address: string) => signIn(system, username, 'wrong-password', { 'x-forwarded-for': address });
    expect((await attempt(client)).status).toBe(401);
    expect((await attempt(client)).status).toBe(401);
    expect((await attempt(client)).status).toBe(429);
    // Another client behind the same balancer has its own allowance.
    expect((await attempt(freshAddress())).status).toBe(401);
    expect(await system.redis.exists(`rl:sign-in:${client}`)).toBe(1);
  });
});

describe('in development over http with TRUST_PROXY unset, on the real stack', () => {
  const system = new SystemHarness();
  beforeAll(() => system.startSystem({ overrides: { TRUST_PROXY: '' } }), 60_000);
  afterAll(() => system.stop());

  it('X-Forwarded-Proto from a peer that is not a trusted proxy is ignored: the cookie is `sid`, without Secure', async () => {
    // Signing out sets the cookie (to nothing) with the same attributes as signing in.
    const res = await fetch(system.url('/api/v1/session'), { method: 'DELETE', headers: { 'x-forwarded-proto': 'https' } });
    expect(res.status).toBe(204);
    expect(res.headers.get('set-cookie')).toBe('sid=; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT; HttpOnly; SameSite=Lax');
  });
});

describe('in production (NODE_ENV=production, TRUST_PROXY unset), on the real stack', () => {
  const system = new SystemHarness();
  let username: string;
  beforeAll(async () => {
    // TRUST_PROXY '' is the default: trust none.
    await system.startSystem({ overrides: { ...productionSecrets(), TRUST_PROXY: '' } });
    username = await completedSignup(system, formsBySubjectType.persona_fisica);
  }, 90_000);
  afterAll(() => system.stop());

  it('the session cookie is __Host-sid, Secure even over http, Path=/, no Domain; only that name is read', async () => {
    const res = await fetch(system.url('/api/v1/session'), {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-for': freshAddress() },
      body: JSON.stringify({ username, password: CUSTOMER_PASSWORD }),
    });
    expect(res.status).toBe(200);
    const setCookie = res.headers.get('set-cookie') ?? '';
    expect(setCookie).toMatch(/^__Host-sid=[A-Za-z0-9_-]{43}; Path=\/; HttpOnly; Secure; SameSite=Lax$/);
    const sessionId = /^__Host-sid=([^;]+)/.exec(setCookie)![1]!;
    expect((await system.request('GET', '/api/v1/me', undefined, { cookie: `__Host-sid=${sessionId}` })).status).toBe(200);
    // A plain `sid` (what a sibling subdomain or an http page could plant) is not a session here.
    expect((await system.request('GET', '/api/v1/me', undefined, { cookie: `sid=${sessionId}` })).status).toBe(401);

    const signOut = await fetch(system.url('/api/v1/session'), { method: 'DELETE', headers: { cookie: `__Host-sid=${sessionId}` } });
    expect(signOut.headers.get('set-cookie')).toMatch(/^__Host-sid=; Path=\/; Expires=Thu, 01 Jan 1970 00:00:00 GMT; HttpOnly; Secure; SameSite=Lax$/);
  });

  it('answers carry HSTS (a year, subdomains included)', async () => {
    expect((await fetch(system.url('/healthz'))).headers.get('strict-transport-security')).toBe('max-age=31536000; includeSubDomains');
  });

  it('X-Forwarded-For from an untrusted peer is ignored: the claimed address gets no rate-limit bucket of its own', async () => {
    // (The suite above shows the same key present when the balancer is trusted.)
    const claimed = freshAddress();
    expect((await signIn(system, username, 'wrong-password', { 'x-forwarded-for': claimed })).status).toBe(401);
    expect(await system.redis.exists(`rl:sign-in:${claimed}`)).toBe(0);
  });
});

describe('the session cookie policy', () => {
  it.each([
    ['development', 'http://localhost:3000', { name: 'sid', alwaysSecure: false }],
    ['development', 'https://clienti.example.it', { name: '__Host-sid', alwaysSecure: true }],
    ['production', 'http://localhost:3000', { name: '__Host-sid', alwaysSecure: true }],
    ['test', 'http://localhost:3000', { name: '__Host-sid', alwaysSecure: true }],
  ] as const)('NODE_ENV=%s, PUBLIC_BASE_URL=%s → %j', (NODE_ENV, PUBLIC_BASE_URL, expected) => {
    expect(sessionCookiePolicy({ NODE_ENV, PUBLIC_BASE_URL })).toEqual(expected);
  });
});
