import { orderSignatureHeader } from '../../api/order-signature';
import { completedSignup, sessionOf } from '../support/customers';
import { formsBySubjectType } from '../support/registration-samples';
import { uniqueName } from '../support/stack';
import { SystemHarness } from '../support/system-harness';

const EVIL = 'https://evil.example';
// PUBLIC_BASE_URL of the test config.
const OWN = 'http://localhost:3000';

describe('cross-site requests with the session cookie, on the real stack', () => {
  const system = new SystemHarness();
  let cookie: string;
  beforeAll(async () => {
    await system.startSystem();
    cookie = await sessionOf(system, await completedSignup(system, formsBySubjectType.persona_fisica));
  }, 90_000);
  afterAll(() => system.stop());

  const signedIn = async () => (await system.request('GET', '/api/v1/me', undefined, { cookie })).status;

  it.each([
    ['DELETE', '/api/v1/session', { origin: EVIL }],
    ['DELETE', '/api/v1/session', { origin: 'null' }],
    ['DELETE', '/api/v1/session', { origin: 'null', 'sec-fetch-site': 'cross-site' }],
    ['DELETE', '/api/v1/session', { 'sec-fetch-site': 'cross-site' }],
    ['DELETE', '/api/v1/session', { origin: 'http://shop.localhost:3000', 'sec-fetch-site': 'same-site' }],
    ['PATCH', '/api/v1/me/profile', { origin: EVIL, 'sec-fetch-site': 'cross-site' }],
    ['POST', '/api/v1/me/logins', { origin: EVIL }],
    ['POST', `/api/v1/orders/ORD-X/association?token=${'a'.repeat(43)}`, { 'sec-fetch-site': 'cross-site' }],
  ])('%s %s with %j → 403 cross_site_request, and the session is untouched', async (method, path, headers) => {
    const res = await system.request(method, path, { phone: '+39 333 1234567' }, { cookie, ...headers });
    expect(res).toEqual({ status: 403, body: { error: { code: 'cross_site_request', message: expect.stringContaining('altro sito') } } });
    expect(await signedIn()).toBe(200);
  });

  it('says why in English too', async () => {
    const res = await system.request('DELETE', '/api/v1/session', undefined, { cookie, origin: EVIL, 'accept-language': 'en' });
    expect(res.body.error.message).toMatch(/another site/);
  });

  it('reads (GET) from another site are not refused; the cookie is not sent on them anyway (SameSite=Lax)', async () => {
    expect((await system.request('GET', '/api/v1/me', undefined, { cookie, origin: EVIL, 'sec-fetch-site': 'cross-site' })).status).toBe(200);
  });

  it('the order pipeline (no cookie) and an operator (Bearer) are unaffected, whatever the headers', async () => {
    const orderId = uniqueName('ORD');
    const event = { orderId, items: [{ sku: 'HOST-BASIC', name: 'Hosting', durationMonths: 12 }] };
    const webhook = await system.request('POST', `/api/v1/orders/${orderId}/completed`, event, {
      origin: EVIL,
      'sec-fetch-site': 'cross-site',
      'x-signature': orderSignatureHeader(system.config.ORDER_WEBHOOK_SECRET, JSON.stringify(event)),
    });
    expect(webhook.status).toBe(202);
    const codec = await system.request('POST', '/codec/encode', { payloads: [] }, { cookie, origin: EVIL, authorization: `Bearer ${system.config.OPERATOR_TOKEN}` });
    expect(codec).toEqual({ status: 200, body: { payloads: [] } });
  });

  it("a page's own form post goes through: Sec-Fetch-Site same-origin with the Origin: null that Referrer-Policy: no-referrer makes browsers send", async () => {
    const own = await sessionOf(system, await completedSignup(system, formsBySubjectType.persona_fisica));
    const res = await system.request('DELETE', '/api/v1/session', undefined, { cookie: own, origin: 'null', 'sec-fetch-site': 'same-origin' });
    expect(res.status).toBe(204);
  });

  it('a page posted from another site with the session cookie (and a valid form token) gets a page saying why; nothing changes', async () => {
    const area = await fetch(system.url('/area-clienti'), { headers: { cookie } });
    expect(area.status).toBe(200);
    const csrfCookie = area.headers.get('set-cookie')!.split(';')[0]!;
    const token = /name="_csrf" value="([^"]+)"/.exec(await area.text())![1]!;
    const before = (await system.request('GET', '/api/v1/me', undefined, { cookie })).body.profile.phone;
    const res = await fetch(system.url('/area-clienti/profilo/contact'), {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: `${cookie}; ${csrfCookie}`, origin: EVIL, 'sec-fetch-site': 'cross-site' },
      body: new URLSearchParams({ _csrf: token, phone: '+39 333 7654321' }).toString(),
    });
    expect(res.status).toBe(403);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await res.text()).toContain('altro sito');
    expect((await system.request('GET', '/api/v1/me', undefined, { cookie })).body.profile.phone).toBe(before);
  });

  it('from our own origin (as PUBLIC_BASE_URL names it) the request goes through', async () => {
    const own = await sessionOf(system, await completedSignup(system, formsBySubjectType.persona_fisica));
    const res = await system.request('DELETE', '/api/v1/session', undefined, { cookie: own, origin: OWN, 'sec-fetch-site': 'same-origin' });
    expect(res.status).toBe(204);
    expect((await system.request('GET', '/api/v1/me', undefined, { cookie: own })).status).toBe(401);
  });
});
