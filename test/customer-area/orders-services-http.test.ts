import { orderModel } from '../../orders/order-model';
import { serviceModel } from '../../orders/service-model';
import { CUSTOMER_PASSWORD, sessionOf } from '../support/customers';
import { startedOrder } from '../support/orders';
import { formsBySubjectType, personForm } from '../support/registration-samples';
import { uniqueName } from '../support/stack';
import { SystemHarness } from '../support/system-harness';

const items = [
  { sku: 'HOST-BASIC', name: 'Hosting Linux Basic', durationMonths: 12 },
  { sku: 'DOMAIN-IT', name: 'Dominio .it', durationMonths: 24 },
];

describe('orders, services and renewals in the customer area, through HTTP on the real stack', () => {
  const system = new SystemHarness();
  const orders = () => orderModel(system.mongo);
  const services = () => serviceModel(system.mongo);

  /** A first purchase registered through the API: the buyer's login owns the order's services. */
  async function buyer(form: object, orderItems = items): Promise<{ orderId: string; username: string; cookie: string }> {
    const orderId = uniqueName('ORD');
    const order = await startedOrder(system, orderId, { items: orderItems });
    const registered = await system.request('POST', order.api(), form);
    const done = await system.request('POST', order.api('/registration/password'), { password: CUSTOMER_PASSWORD, passwordConfirmation: CUSTOMER_PASSWORD });
    expect(done.status).toBe(200);
    return { orderId, username: registered.body.username, cookie: await sessionOf(system, registered.body.username) };
  }

  let mario: Awaited<ReturnType<typeof buyer>>;
  let olivetti: Awaited<ReturnType<typeof buyer>>;
  beforeAll(async () => {
    await system.startSystem();
    [mario, olivetti] = await Promise.all([buyer(personForm), buyer(formsBySubjectType.azienda, items.slice(0, 1))]);
  }, 90_000);
  afterAll(() => system.stop());

  const get = (path: string, cookie: string) => system.request('GET', path, undefined, { cookie });
  const renew = (serviceId: string, body: unknown, cookie: string, headers: Record<string, string> = {}) =>
    system.request('POST', `/api/v1/me/services/${encodeURIComponent(serviceId)}/renewal`, body, { cookie, ...headers });

  it("lists the login's own orders with their status, and its services with their expiry", async () => {
    const myOrders = await get('/api/v1/me/orders', mario.cookie);
    expect(myOrders.status).toBe(200);
    expect(myOrders.body).toEqual([{ orderId: mario.orderId, kind: 'purchase', status: 'registered', items, createdAt: expect.any(String) }]);

    const myServices = await get('/api/v1/me/services', mario.cookie);
    expect(myServices.status).toBe(200);
    expect(myServices.body).toEqual([
      { serviceId: `${mario.orderId}:0`, orderId: mario.orderId, sku: 'HOST-BASIC', name: 'Hosting Linux Basic', status: 'active', startsAt: expect.any(String), expiresAt: expect.any(String) },
      { serviceId: `${mario.orderId}:1`, orderId: mario.orderId, sku: 'DOMAIN-IT', name: 'Dominio .it', status: 'active', startsAt: expect.any(String), expiresAt: expect.any(String) },
    ]);
    const [hosting] = myServices.body;
    expect(new Date(hosting.expiresAt).getUTCFullYear() - new Date(hosting.startsAt).getUTCFullYear()).toBe(1);
    expect((await get(`/api/v1/me/services/${encodeURIComponent(`${mario.orderId}:1`)}`, mario.cookie)).body).toEqual(myServices.body[1]);
    expect((await get(`/api/v1/me/orders/${mario.orderId}`, mario.cookie)).body).toEqual(myOrders.body[0]);
  });

  it("answers 404 for another customer's order and service, and records no renewal for it", async () => {
    const theirService = `${olivetti.orderId}:0`;
    for (const res of [
      await get(`/api/v1/me/orders/${olivetti.orderId}`, mario.cookie),
      await get(`/api/v1/me/services/${encodeURIComponent(theirService)}`, mario.cookie),
      await renew(theirService, { months: 12 }, mario.cookie),
      await get('/api/v1/me/orders/no-such-order', mario.cookie),
      await renew('no-such-service', { months: 12 }, mario.cookie),
    ]) {
      expect(res.status).toBe(404);
      expect(res.body.error.code).toBe('not_found');
    }
    expect((await get('/api/v1/me/orders', mario.cookie)).body.map((o: { orderId: string }) => o.orderId)).not.toContain(olivetti.orderId);
    expect((await get('/api/v1/me/services', olivetti.cookie)).body.map((s: { serviceId: string }) => s.serviceId)).toEqual([theirService]);
    expect(await orders().countDocuments({ serviceId: theirService })).toBe(0);
  });

  it('a renewal is recorded as a pending order and extends nothing until paid', async () => {
    const serviceId = `${mario.orderId}:0`;
    const before = await services().findById(serviceId).lean();
    const renewal = await renew(serviceId, { months: 12 }, mario.cookie);
    expect(renewal).toEqual({ status: 202, body: { orderId: expect.stringMatching(/^renewal-[0-9a-f-]{36}$/), status: 'pending_payment' } });

    expect(await orders().findById(renewal.body.orderId).lean()).toMatchObject({
      kind: 'renewal',
      status: 'pending_payment',
      serviceId,
      months: 12,
      username: mario.username,
      items: [{ sku: 'HOST-BASIC', name: 'Hosting Linux Basic', durationMonths: 12 }],
    });
    expect((await services().findById(serviceId).lean())!.expiresAt).toEqual(before!.expiresAt);
    const listed = (await get('/api/v1/me/orders', mario.cookie)).body;
    expect(listed).toContainEqual(expect.objectContaining({ orderId: renewal.body.orderId, kind: 'renewal', status: 'pending_payment', serviceId, months: 12 }));
    expect((await get('/api/v1/me/orders', olivetti.cookie)).body.map((o: { orderId: string }) => o.orderId)).not.toContain(renewal.body.orderId);
  });

  it('the same Idempotency-Key records one renewal; with another request it is a 409', async () => {
    const serviceId = `${mario.orderId}:1`;
    const key = { 'idempotency-key': uniqueName('renew') };
    const answers = await Promise.all([1, 2, 3].map(() => renew(serviceId, { months: 6 }, mario.cookie, key)));
    expect(new Set(answers.map((a) => JSON.stringify(a))).size).toBe(1);
    expect(answers[0]!.status).toBe(202);
    expect(await orders().countDocuments({ serviceId, months: 6 })).toBe(1);
    const reused = await renew(serviceId, { months: 24 }, mario.cookie, key);
    expect(reused.status).toBe(409);
    expect(reused.body.error.code).toBe('idempotency_key_reused');
    // Another customer's same key is their own (and their request here is for a service they do not have).
    expect((await renew(serviceId, { months: 6 }, olivetti.cookie, key)).status).toBe(404);
  });

  it('refuses months outside 1–60 and unknown fields with 422', async () => {
    const serviceId = `${mario.orderId}:0`;
    for (const [body, rule] of [
      [{ months: 0 }, 'min'],
      [{ months: 61 }, 'max'],
      [{ months: 1.5 }, 'type'],
      [{ months: '12' }, 'type'],
      [{}, 'required'],
      [{ months: 12, autoRenew: true }, 'unknown_field'],
    ] as const) {
      const res = await renew(serviceId, body, mario.cookie);
      expect(res.status).toBe(422);
      expect(res.body.error.fields).toContainEqual(expect.objectContaining({ rule }));
    }
  });

  it("another login of the same profile does not reach this login's orders and services", async () => {
    const asked = await system.request('POST', '/api/v1/me/logins', { password: 'Girasole-Nel-Vento-77', passwordConfirmation: 'Girasole-Nel-Vento-77' }, { cookie: mario.cookie });
    const { body } = await system.request('POST', `/api/v1/me/logins/requests/${asked.body.requestId}/confirm`, undefined, { cookie: mario.cookie });
    const sibling = await sessionOf(system, body.username, 'Girasole-Nel-Vento-77');
    expect((await get('/api/v1/me/orders', sibling)).body).toEqual([]);
    expect((await get('/api/v1/me/services', sibling)).body).toEqual([]);
    expect((await get(`/api/v1/me/orders/${mario.orderId}`, sibling)).status).toBe(404);
    expect((await renew(`${mario.orderId}:0`, { months: 1 }, sibling)).status).toBe(404);
  });

  it('documents the customer-area endpoints in the OpenAPI document, behind the session cookie', async () => {
    const { body } = await system.request('GET', '/api/v1/openapi.json');
    for (const [path, method] of [
      ['/api/v1/me/orders', 'get'],
      ['/api/v1/me/orders/{orderId}', 'get'],
      ['/api/v1/me/services', 'get'],
      ['/api/v1/me/services/{serviceId}', 'get'],
      ['/api/v1/me/services/{serviceId}/renewal', 'post'],
      ['/api/v1/me/logins', 'post'],
      ['/api/v1/me/logins/requests/{requestId}/confirm', 'post'],
    ] as const) {
      expect(body.paths[path]?.[method]?.security).toEqual([{ sessionCookie: [] }]);
    }
    expect(body.paths['/api/v1/session'].post.responses['429']).toBeDefined();
  });

  it('answers 401 without a session', async () => {
    for (const res of [
      await system.request('GET', '/api/v1/me/orders'),
      await system.request('GET', '/api/v1/me/services'),
      await system.request('GET', `/api/v1/me/orders/${mario.orderId}`),
      await system.request('POST', `/api/v1/me/services/${encodeURIComponent(`${mario.orderId}:0`)}/renewal`, { months: 12 }),
    ]) {
      expect(res.status).toBe(401);
    }
  });
});
