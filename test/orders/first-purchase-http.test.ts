import { createHmac } from 'node:crypto';
import { orderRegistrationToken } from '../../api/order-registration-token';
import { orderModel } from '../../orders/order-model';
import { serviceModel } from '../../orders/service-model';
import { sessionOf } from '../support/customers';
import { completeOrder, startedOrder, tokenOf } from '../support/orders';
import { formsBySubjectType, personForm } from '../support/registration-samples';
import { uniqueName } from '../support/stack';
import { SystemHarness } from '../support/system-harness';

const PASSWORD = 'Tramonto-Sul-Lago-42';
const items = [
  { sku: 'HOST-BASIC', name: 'Hosting Linux Basic', durationMonths: 12 },
  { sku: 'DOMAIN-IT', name: 'Dominio .it', durationMonths: 24 },
];
const now = () => Math.floor(Date.now() / 1000);
const registrationUrlPattern = (orderId: string) => new RegExp(`^http://localhost:3000/ordini/${orderId}/registrazione\\?token=[A-Za-z0-9_-]{43}$`);

describe('registration during the first purchase, through HTTP on the real stack', () => {
  const system = new SystemHarness();
  beforeAll(() => system.startSystem(), 60_000);
  afterAll(() => system.stop());
  beforeEach(() => system.sink.clear());

  const orders = () => orderModel(system.mongo);
  const services = () => serviceModel(system.mongo);
  const runsOf = async (orderId: string) => (await system.temporal.client.workflow.count(`WorkflowId = "order-${orderId}"`)).count;
  /** What a request about an order that was never completed answers (with that order's own valid token). */
  const unknownOrderAnswer = async () => {
    const orderId = uniqueName('ORD');
    return system.request('GET', `/api/v1/orders/${orderId}/registration?token=${orderRegistrationToken(system.config.SESSION_SECRET, orderId)}`);
  };

  it('order completed → REGISTRATI (with the link\'s token) → form → password: the new login owns the services, and one e-mail arrived', async () => {
    const orderId = uniqueName('ORD');
    const accepted = await completeOrder(system, orderId, { orderId, items, buyerEmail: 'buyer@example.it' });
    expect(accepted).toEqual({ status: 202, body: { orderId, registrationUrl: expect.stringMatching(registrationUrlPattern(orderId)) } });
    const token = tokenOf(accepted.body.registrationUrl);
    const api = (path: string) => `/api/v1/orders/${orderId}${path}?token=${token}`;
    expect((await system.request('GET', api('/registration'))).body).toEqual({ orderId, step: 'form' });

    const registered = await system.request('POST', api('/registration'), personForm);
    expect(registered).toEqual({ status: 201, body: { username: expect.stringMatching(/^\d{7}@aruba\.it$/), step: 'password' } });
    const { username } = registered.body;
    const done = await system.request('POST', api('/registration/password'), { password: PASSWORD, passwordConfirmation: PASSWORD });
    expect(done).toEqual({ status: 200, body: { username, step: 'completed' } });

    const owned = await services().find({ orderId }).sort({ _id: 1 }).lean();
    expect(owned.map((s) => [s.sku, s.username, s.status])).toEqual([
      ['HOST-BASIC', username, 'active'],
      ['DOMAIN-IT', username, 'active'],
    ]);
    expect(owned[1]!.expiresAt.getUTCFullYear() - owned[1]!.startsAt.getUTCFullYear()).toBe(2);
    expect(await orders().findById(orderId).lean()).toMatchObject({ status: 'registered', username, via: 'registration' });
    // The token is derived when needed, never stored with the order.
    expect(JSON.stringify(await orders().findById(orderId).lean())).not.toContain(token);
    const login = await system.logins.findById(username).lean();
    expect(login).toMatchObject({ status: 'active', origin: 'first-purchase' });
    expect(await system.profiles.findById(login!.profileId).lean()).toMatchObject({ status: 'active', origin: { kind: 'first-purchase' } });

    const [mail] = await system.sink.waitForMessages(1);
    await system.drained();
    expect(system.sink.messages).toHaveLength(1);
    expect(mail!.parsed.subject).toBe('Conferma iscrizione');
    expect(mail!.envelopeTo).toEqual([personForm.email]);
    expect(mail!.parsed.text).toContain(username);
    expect((await system.request('GET', api('/registration'))).body).toEqual({ orderId, step: 'completed', username });
  });

  it('the event delivered five times at once is one workflow, one profile, one e-mail, one link; after the run closed, still the same 202 and no second run', async () => {
    const orderId = uniqueName('ORD');
    const event = { orderId, items: items.slice(0, 1) };
    const answers = await Promise.all(Array.from({ length: 5 }, () => completeOrder(system, orderId, event)));
    const [first] = answers;
    expect(first).toEqual({ status: 202, body: { orderId, registrationUrl: expect.stringMatching(registrationUrlPattern(orderId)) } });
    expect(new Set(answers.map((a) => JSON.stringify(a))).size).toBe(1);
    expect(await runsOf(orderId)).toBe(1);

    const profilesBefore = await system.profiles.countDocuments();
    const api = (path: string) => `/api/v1/orders/${orderId}${path}?token=${tokenOf(first!.body.registrationUrl)}`;
    const { body } = await system.request('POST', api('/registration'), formsBySubjectType.azienda);
    await system.request('POST', api('/registration/password'), { password: PASSWORD, passwordConfirmation: PASSWORD });
    await system.temporal.client.workflow.getHandle(`order-${orderId}`).result();
    // Delivered again after the run closed (REJECT_DUPLICATE): the same answer, and nothing new.
    expect(await completeOrder(system, orderId, event)).toEqual(first);
    expect(await runsOf(orderId)).toBe(1);
    await system.sink.waitForMessages(1);
    await system.drained();
    expect(system.sink.messages).toHaveLength(1);
    expect(await system.profiles.countDocuments()).toBe(profilesBefore + 1);
    expect(await services().countDocuments({ orderId, username: body.username })).toBe(1);
  });

  it('a missing, wrong, stale or foreign signature, or an event of another order → 401, and nothing is started', async () => {
    const orderId = uniqueName('ORD');
    const event = { orderId, items };
    const raw = JSON.stringify(event);
    const legacy = `sha256=${createHmac('sha256', system.config.ORDER_WEBHOOK_SECRET).update(raw).digest('hex')}`;
    const refused: Array<[string, ReturnType<typeof completeOrder>]> = [
      ['no signature', completeOrder(system, orderId, event, { signature: '' })],
      ['malformed', completeOrder(system, orderId, event, { signature: 't=abc,v1=00' })],
      ['the old body-only scheme', completeOrder(system, orderId, event, { signature: legacy })],
      ['another secret', completeOrder(system, orderId, event, { secret: 'another-secret-0123456789' })],
      // A minute beyond the 300 s tolerance: the exact edge is test/api/order-signature.test.ts (a
      // fixed clock); here whole seconds and the request's own delay must not carry a stale event back in.
      ['360 s old', completeOrder(system, orderId, event, { t: now() - 360 })],
      ['360 s ahead', completeOrder(system, orderId, event, { t: now() + 360 })],
      ['a signature of other bytes', completeOrder(system, orderId, event, { signature: `t=${now()},v1=${createHmac('sha256', system.config.ORDER_WEBHOOK_SECRET).update(`${now()}.{}`).digest('hex')}` })],
      ['no orderId in the body', completeOrder(system, orderId, { items })],
      // A captured event of another order, posted to this one: signed, fresh, and refused.
      ['another order\'s event', completeOrder(system, orderId, { orderId: uniqueName('ORD'), items })],
    ];
    for (const [what, answer] of refused) {
      const res = await answer;
      expect([what, res.status, res.body]).toEqual([what, 401, { error: expect.objectContaining({ code: 'unauthorized' }) }]);
    }
    const withToken = `/api/v1/orders/${orderId}/registration?token=${orderRegistrationToken(system.config.SESSION_SECRET, orderId)}`;
    expect((await system.request('GET', withToken)).status).toBe(404);
    expect(await orders().findById(orderId).lean()).toBeNull();
    expect(await runsOf(orderId)).toBe(0);
    // Within the tolerance, the same event is accepted.
    expect((await completeOrder(system, orderId, event, { t: now() - 250 })).status).toBe(202);
  });

  it('a signed event with unknown fields → 422, and nothing is started', async () => {
    const orderId = uniqueName('ORD');
    const res = await completeOrder(system, orderId, { orderId, items, coupon: 'SCONTO10' });
    expect(res.status).toBe(422);
    expect(res.body.error.fields).toContainEqual(expect.objectContaining({ path: 'coupon', rule: 'unknown_field' }));
    expect(await runsOf(orderId)).toBe(0);
  });

  it('without the link\'s token, every registration and association request answers exactly as for an unknown order, and changes nothing', async () => {
    const orderId = uniqueName('ORD');
    const order = await startedOrder(system, orderId, { items });
    const other = await startedOrder(system, uniqueName('ORD'), { items });
    const stranger = await sessionOf(system, await registeredBuyer());
    const unknown = await unknownOrderAnswer();
    expect(unknown.status).toBe(404);

    for (const query of ['', '?token=', `?token=${order.token.slice(0, -1)}${order.token.endsWith('A') ? 'B' : 'A'}`, `?token=${other.token}`, `?token=${order.token}&token=${order.token}`, `?token=${order.token.toLowerCase()}`]) {
      const base = `/api/v1/orders/${orderId}`;
      for (const [method, path, body] of [
        ['GET', '/registration', undefined],
        ['POST', '/registration', personForm],
        ['POST', '/registration/password', { password: PASSWORD, passwordConfirmation: PASSWORD }],
        ['POST', '/association', undefined],
      ] as const) {
        const answer = await system.request(method, `${base}${path}${query}`, body, { cookie: stranger });
        expect([method, path, query, answer]).toEqual([method, path, query, unknown]);
      }
    }
    expect((await system.request('GET', order.api())).body).toEqual({ orderId, step: 'form' });
    expect(await orders().findById(orderId).lean()).toMatchObject({ status: 'awaiting_registration' });
  });

  /** A buyer with a finished first purchase: their active username. */
  async function registeredBuyer(): Promise<string> {
    const order = await startedOrder(system, uniqueName('ORD'), { items: items.slice(0, 1) });
    const { body } = await system.request('POST', order.api(), personForm);
    await system.request('POST', order.api('/registration/password'), { password: PASSWORD, passwordConfirmation: PASSWORD });
    return body.username;
  }

  it('a returning buyer, signed in and with the link, associates a second order with their login, and the buyer is told by e-mail', async () => {
    const username = await registeredBuyer();
    const cookie = await sessionOf(system, username);

    const second = uniqueName('ORD');
    const order = await startedOrder(system, second, { items: items.slice(1), buyerEmail: 'returning@example.it' });
    expect((await system.request('POST', order.api('/association'))).status).toBe(401);
    const associated = await system.request('POST', order.api('/association'), undefined, { cookie });
    expect(associated).toEqual({ status: 200, body: { orderId: second, username } });

    expect(await services().find({ orderId: second }).lean()).toEqual([expect.objectContaining({ sku: 'DOMAIN-IT', username })]);
    expect(await orders().findById(second).lean()).toMatchObject({ status: 'registered', username, via: 'association' });
    const again = await system.request('POST', order.api('/association'), undefined, { cookie });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('order_already_registered');

    const toBuyer = () => system.sink.messages.filter((m) => m.envelopeTo.includes('returning@example.it'));
    for (const deadline = Date.now() + 20_000; toBuyer().length === 0 && Date.now() < deadline; ) await new Promise((resolve) => setTimeout(resolve, 100));
    await system.drained();
    const [notice, ...more] = toBuyer();
    expect(more).toEqual([]);
    expect(notice!.parsed.subject).toBe(`Il tuo ordine ${second} è stato associato a un account Aruba`);
    expect(notice!.parsed.text).toContain(username);
  });
});

describe('a first-purchase buyer who never registers, through HTTP on the real stack', () => {
  // Reminder after 1.2 s, deadline after 3 s.
  const system = new SystemHarness();
  beforeAll(() => system.startSystem({ overrides: { ORDER_REMINDER_AFTER_MINUTES: '0.02', ORDER_REGISTRATION_EXPIRY_MINUTES: '0.05' } }), 60_000);
  afterAll(() => system.stop());

  it('is reminded at buyerEmail with the REGISTRATI link, then the order is marked registration_expired', async () => {
    const orderId = uniqueName('ORD');
    const order = await startedOrder(system, orderId, { items, buyerEmail: 'forgetful@example.it' });

    const [reminder] = await system.sink.waitForMessages(1, 20_000);
    expect(reminder!.envelopeTo).toEqual(['forgetful@example.it']);
    expect(reminder!.parsed.subject).toContain(orderId);
    expect(reminder!.parsed.text).toContain(order.registrationUrl);

    const deadline = Date.now() + 20_000;
    while ((await orderModel(system.mongo).findById(orderId).lean())?.status !== 'registration_expired') {
      if (Date.now() > deadline) throw new Error('the order was never marked registration_expired');
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect((await system.request('GET', order.api())).body).toEqual({ orderId, step: 'expired' });
    const late = await system.request('POST', order.api(), personForm);
    expect(late.status).toBe(409);
    expect(await serviceModel(system.mongo).countDocuments({ orderId })).toBe(0);
  }, 60_000);
});
