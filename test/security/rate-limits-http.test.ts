import { randomBytes } from 'node:crypto';
import { anonymousRateLimitTable } from '../../api/anonymous-rate-limits';
import { clientAddressKey } from '../../api/rate-limit';
import { configSchema } from '../../config';
import { SystemHarness } from '../support/system-harness';

/** A /64 of its own per call (the test client is the one trusted proxy hop: TRUST_PROXY). */
const new64 = () => `2001:db8:${randomBytes(4).toString('hex').match(/.{4}/g)!.join(':')}`;
const fromAddress = (prefix = new64()) => `${prefix}:${randomBytes(8).toString('hex').match(/.{4}/g)!.join(':')}`;
const defaults = configSchema.parse({});

/** What a request to each limited route sends: any body; the limit counts before anything is read. */
const sample = (path: string) =>
  path
    .replace(':signupId', '00000000-0000-4000-a000-000000000000')
    .replace(':orderId', 'ORD-RATE-LIMIT')
    .concat(path.endsWith('/reset') ? `?token=${'A'.repeat(43)}` : '');
const bodyFor = (path: string) =>
  path.includes('/recovery/username') ? { email: `${randomBytes(6).toString('hex')}@example.it` } : path.endsWith('/recovery/password') ? { username: `${randomBytes(6).toString('hex')}@aruba.it` } : {};

async function send(system: SystemHarness, method: string, path: string, from: string) {
  const res = await fetch(system.url(sample(path)), {
    method: method.toUpperCase(),
    headers: { 'content-type': 'application/json', 'x-forwarded-for': from },
    body: method === 'get' ? undefined : JSON.stringify(bodyFor(path)),
  });
  await res.text();
  return { status: res.status, retryAfter: res.headers.get('retry-after') };
}

describe('rate limits at their defaults, on every anonymous endpoint that hashes, starts a workflow or sends an e-mail', () => {
  const system = new SystemHarness();
  // '' is "not set": the defaults apply (SIGNUP_RATE_LIMIT_PER_MINUTE 10, SIGN_IN_RATE_LIMIT_PER_MINUTE 20).
  beforeAll(() => system.startSystem({ overrides: { TRUST_PROXY: '1', SIGNUP_RATE_LIMIT_PER_MINUTE: '', SIGN_IN_RATE_LIMIT_PER_MINUTE: '' } }), 60_000);
  afterAll(() => system.stop());

  it('SIGNUP_RATE_LIMIT_PER_MINUTE defaults to 10 per address: the 11th signup form from one address gets 429 with Retry-After, another address goes on', async () => {
    expect(defaults.SIGNUP_RATE_LIMIT_PER_MINUTE).toBe(10);
    const from = fromAddress();
    for (let i = 0; i < 10; i++) expect((await send(system, 'post', '/api/v1/signups', from)).status).toBe(422);
    const over = await send(system, 'post', '/api/v1/signups', from);
    expect(over.status).toBe(429);
    expect(Number(over.retryAfter)).toBeGreaterThanOrEqual(1);
    expect(Number(over.retryAfter)).toBeLessThanOrEqual(60);
    expect((await send(system, 'post', '/api/v1/signups', fromAddress())).status).toBe(422);
  });

  it('counts an IPv6 /64 as one client, and IPv4-mapped addresses as their IPv4', async () => {
    expect(clientAddressKey('2001:db8:1:2:aaaa::1')).toBe(clientAddressKey('2001:0db8:0001:0002:ffff:ffff:ffff:ffff'));
    expect(clientAddressKey('2001:db8:1:2::1')).not.toBe(clientAddressKey('2001:db8:1:3::1'));
    expect(clientAddressKey('::ffff:192.0.2.7')).toBe('192.0.2.7');
    expect(clientAddressKey('192.0.2.7')).toBe('192.0.2.7');

    const prefix = new64();
    for (let i = 0; i < 10; i++) expect((await send(system, 'post', '/api/v1/signups', fromAddress(prefix))).status).toBe(422);
    expect((await send(system, 'post', '/api/v1/signups', fromAddress(prefix))).status).toBe(429);
  });

  const routes = anonymousRateLimitTable(defaults).flatMap(({ limit, routes: limited }) => limited.map((r) => [`${r.method.toUpperCase()} ${r.path}`, r, limit.limit] as const));
  it.each(routes)('%s answers 429 with Retry-After past its per-address budget', async (_name, { method, path }, limit) => {
    const from = fromAddress();
    const statuses = [];
    for (let i = 0; i < limit; i++) statuses.push((await send(system, method, path, from)).status);
    expect(statuses).not.toContain(429);
    const over = await send(system, method, path, from);
    expect(over.status).toBe(429);
    expect(Number(over.retryAfter)).toBeGreaterThanOrEqual(1);
  });

  it('leaves no anonymous endpoint that can cost a hash, a workflow or an e-mail out of the table', async () => {
    const { body } = await system.request('GET', '/api/v1/openapi.json');
    const limited = new Set(anonymousRateLimitTable(defaults).flatMap(({ routes: r }) => r.map(({ method, path }) => `${method} ${path.replace(/:(\w+)/g, '{$1}')}`)));
    // Reads that cost no hash, the signed webhook (its signature is checked first), signing out, the policy check (no hash).
    const exempt = new Set([
      'get /api/v1/signups/{signupId}',
      'get /api/v1/orders/{orderId}/registration',
      'post /api/v1/orders/{orderId}/completed',
      'post /api/v1/password-policy/check',
      'delete /api/v1/session',
      'get /api/v1/openapi.json',
      'get /healthz',
      'get /readyz',
    ]);
    const anonymous = Object.entries(body.paths as Record<string, Record<string, { security?: unknown }>>).flatMap(([path, methods]) =>
      Object.entries(methods)
        .filter(([, operation]) => !operation.security)
        .map(([method]) => `${method} ${path}`),
    );
    expect(anonymous.filter((route) => !limited.has(route) && !exempt.has(route))).toEqual([]);
  });
});

describe('the total limit, across addresses', () => {
  const system = new SystemHarness();
  beforeAll(() => system.startSystem({ overrides: { TRUST_PROXY: '1', SIGNUP_RATE_LIMIT_TOTAL_PER_MINUTE: '3' } }), 60_000);
  afterAll(() => system.stop());

  it('SIGNUP_RATE_LIMIT_TOTAL_PER_MINUTE bounds the registration steps from all addresses together: 429 with Retry-After', async () => {
    // One request from each of four fresh addresses: no per-address budget is near its end, so only the total can refuse.
    // (Suites running meanwhile on the same Redis can only make the total run out sooner.)
    const answers = [];
    for (let i = 0; i < 4; i++) answers.push(await send(system, 'post', '/api/v1/signups', fromAddress()));
    const refused = answers.filter((answer) => answer.status === 429);
    expect(refused.length).toBeGreaterThanOrEqual(1);
    expect(Number(refused[0]!.retryAfter)).toBeGreaterThanOrEqual(1);
    expect(Number(refused[0]!.retryAfter)).toBeLessThanOrEqual(60);
  });
});
