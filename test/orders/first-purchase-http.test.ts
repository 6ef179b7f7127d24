import { createHmac } from 'node:crypto';
import { orderModel } from '../../orders/order-model';
import { serviceModel } from '../../orders/service-model';
import { formsBySubjectType, personForm } from '../support/registration-samples';
import { uniqueName } from '../support/stack';
import { SystemHarness } from '../support/system-harness';

const PASSWORD = 'Tramonto-Sul-Lago-42';
const items = [
  { sku: 'HOST-BASIC', name: 'Hosting Linux Basic', durationMonths: 12 },
  { sku: 'DOMAIN-IT', name: 'Dominio .it', durationMonths: 24 },
];

describe('registration during the first purchase, through HTTP on the real stack', () => {
  const system = new SystemHarness();
  beforeAll(() => system.startSystem(), 60_000);
  afterAll(() => system.stop());
  beforeEach(() => system.sink.clear());

  const orders = () => orderModel(system.mongo);
  const services = () => serviceModel(system.mongo);
  const sign = (body: unknown, secret = system.config.ORDER_WEBHOOK_SECRET) => `sha256=${createHmac('sha256', secret).update(JSON.stringify(body)).digest('hex')}`;
  const completeOrder = (orderId: string, body: unknown, signature = sign(body)) => system.request('POST', `/api/v1/orders/${orderId}/completed`, body, { 'x-signature': signature });

  it('order completed → REGISTRATI → form → password: the new login owns the services, and one e-mail arrived', async () => {
    const orderId = uniqueName('ORD');
    const event = { items, buyerEmail: 'buyer@example.it' };
    const accepted = await completeOrder(orderId, event);
    expect(accepted).toEqual({ status: 202, body: { orderId, registrationUrl: `http://localhost:3000/ordini/${orderId}/registrazione` } });
    expect((await system.request('GET', `/api/v1/orders/${orderId}/registration`)).body).toEqual({ orderId, step: 'form' });

    const registered = await system.request('POST', `/api/v1/orders/${orderId}/registration`, personForm);
    expect(registered).toEqual({ status: 201, body: { username: expect.stringMatching(/^\d{7}@aruba\.it$/), step: 'password' } });
    const { username } = registered.body;
    const done = await system.request('POST', `/api/v1/orders/${orderId}/registration/password`, { password: PASSWORD, passwordConfirmation: PASSWORD });
    expect(done).toEqual({ status: 200, body: { username, step: 'completed' } });

    const owned = await services().find({ orderId }).sort({ _id: 1 }).lean();
    expect(owned.map((s) => [s.sku, s.username, s.status])).toEqual([
      ['HOST-BASIC', username, 'active'],
      ['DOMAIN-IT', username, 'active'],
    ]);
    expect(owned[1]!.expiresAt.getUTCFullYear() - owned[1]!.startsAt.getUTCFullYear()).toBe(2);
    expect(await orders().findById(orderId).lean()).toMatchObject({ status: 'registered', username, via: 'registration' });
    const login = await system.logins.findById(username).lean();
    expect(login).toMatchObject({ status: 'active', origin: 'first-purchase' });
    expect(await system.profiles.findById(login!.profileId).lean()).toMatchObject({ status: 'active', origin: { kind: 'first-purchase' } });

    const [mail] = await system.sink.waitForMessages(1);
    await system.drained();
    expect(system.sink.messages).toHaveLength(1);
    expect(mail!.parsed.subject).toBe('Conferma iscrizione');
    expect(mail!.envelopeTo).toEqual([personForm.email]);
    expect(mail!.parsed.text).toContain(username);
    expect((await system.request('GET', `/api/v1/orders/${orderId}/registration`)).body).toEqual({ orderId, step: 'completed', username });
  });

  it('the event delivered five times at once is one workflow, one profile, one e-mail', async () => {
    const orderId = uniqueName('ORD');
    const event = { items: items.slice(0, 1) };
    const answers = await Promise.all(Array.from({ length: 5 }, () => completeOrder(orderId, event)));
    expect(new Set(answers.map((a) => JSON.stringify(a)))).toEqual(new Set([JSON.stringify({ status: 202, body: { orderId, registrationUrl: `http://localhost:3000/ordini/${orderId}/registrazione` } })]));
    const runs = await system.temporal.client.workflow.count(`WorkflowId = "order-${orderId}"`);
    expect(runs.count).toBe(1);

    const profilesBefore = await system.profiles.countDocuments();
    const { body } = await system.request('POST', `/api/v1/orders/${orderId}/registration`, formsBySubjectType.azienda);
    await system.request('POST', `/api/v1/orders/${orderId}/registration/password`, { password: PASSWORD, passwordConfirmation: PASSWORD });
    // Delivered again after the registration finished: the same answer, nothing new.
    expect(await completeOrder(orderId, event)).toMatchObject({ status: 202 });
    await system.sink.waitForMessages(1);
    await system.drained();
    expect(system.sink.messages).toHaveLength(1);
    expect(await system.profiles.countDocuments()).toBe(profilesBefore + 1);
    expect(await services().countDocuments({ orderId, username: body.username })).toBe(1);
  });

  it('a missing or wrong signature → 401, and nothing is started', async () => {
    const orderId = uniqueName('ORD');
    const event = { items };
    for (const signature of ['', 'sha256=00', sign(event, 'another-secret-0123456789'), sign({ ...event, buyerEmail: 'x@example.it' })]) {
      const res = await completeOrder(orderId, event, signature);
      expect(res.status).toBe(401);
      expect(res.body.error.code).toBe('unauthorized');
    }
    expect((await system.request('GET', `/api/v1/orders/${orderId}/registration`)).status).toBe(404);
    expect(await orders().findById(orderId).lean()).toBeNull();
  });

  it('a signed event with unknown fields → 422, and nothing is started', async () => {
    const orderId = uniqueName('ORD');
    const event = { items, coupon: 'SCONTO10' };
    const res = await completeOrder(orderId, event);
    expect(res.status).toBe(422);
    expect(res.body.error.fields).toContainEqual(expect.objectContaining({ path: 'coupon', rule: 'unknown_field' }));
    expect((await system.request('GET', `/api/v1/orders/${orderId}/registration`)).status).toBe(404);
  });

  it('a returning buyer, signed in, associates a second order with their existing login', async () => {
    const first = uniqueName('ORD');
    await completeOrder(first, { items: items.slice(0, 1) });
    const { body } = await system.request('POST', `/api/v1/orders/${first}/registration`, personForm);
    await system.request('POST', `/api/v1/orders/${first}/registration/password`, { password: PASSWORD, passwordConfirmation: PASSWORD });
    const signIn = await fetch(system.url('/api/v1/session'), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: body.username, password: PASSWORD }),
    });
    expect(signIn.status).toBe(200);
    const cookie = signIn.headers.get('set-cookie')!.split(';')[0]!;

    const second = uniqueName('ORD');
    await completeOrder(second, { items: items.slice(1) });
    expect((await system.request('POST', `/api/v1/orders/${second}/association`)).status).toBe(401);
    const associated = await system.request('POST', `/api/v1/orders/${second}/association`, undefined, { cookie });
    expect(associated).toEqual({ status: 200, body: { orderId: second, username: body.username } });

    expect(await services().find({ orderId: second }).lean()).toEqual([expect.objectContaining({ sku: 'DOMAIN-IT', username: body.username })]);
    expect(await orders().findById(second).lean()).toMatchObject({ status: 'registered', username: body.username, via: 'association' });
    const again = await system.request('POST', `/api/v1/orders/${second}/association`, undefined, { cookie });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('order_already_registered');
  });
});

describe('a first-purchase buyer who never registers, through HTTP on the real stack', () => {
  // Reminder after 1.2 s, deadline after 3 s.
  const system = new SystemHarness();
  beforeAll(() => system.startSystem({ overrides: { ORDER_REMINDER_AFTER_MINUTES: '0.02', ORDER_REGISTRATION_EXPIRY_MINUTES: '0.05' } }), 60_000);
  afterAll(() => system.stop());

  it('is reminded at buyerEmail, then the order is marked registration_expired', async () => {
    const orderId = uniqueName('ORD');
    const event = { items, buyerEmail: 'forgetful@example.it' };
    const signature = `sha256=${createHmac('sha256', system.config.ORDER_WEBHOOK_SECRET).update(JSON.stringify(event)).digest('hex')}`;
    expect((await system.request('POST', `/api/v1/orders/${orderId}/completed`, event, { 'x-signature': signature })).status).toBe(202);

    const [reminder] = await system.sink.waitForMessages(1, 20_000);
    expect(reminder!.envelopeTo).toEqual(['forgetful@example.it']);
    expect(reminder!.parsed.subject).toContain(orderId);
    expect(reminder!.parsed.text).toContain(`http://localhost:3000/ordini/${orderId}/registrazione`);

    const deadline = Date.now() + 20_000;
    while ((await orderModel(system.mongo).findById(orderId).lean())?.status !== 'registration_expired') {
      if (Date.now() > deadline) throw new Error('the order was never marked registration_expired');
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect((await system.request('GET', `/api/v1/orders/${orderId}/registration`)).body).toEqual({ orderId, step: 'expired' });
    const late = await system.request('POST', `/api/v1/orders/${orderId}/registration`, personForm);
    expect(late.status).toBe(409);
    expect(await serviceModel(system.mongo).countDocuments({ orderId })).toBe(0);
  }, 60_000);
});
