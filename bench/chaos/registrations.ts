import { createHmac, randomUUID } from 'node:crypto';
import type { Answer, PatientClient } from './client';

export type Journey = 'signup' | 'first-purchase';

export interface Registration {
  index: number;
  journey: Journey;
  email: string;
  username?: string;
  orderId?: string;
}

const PASSWORD = 'Qz7!vLp2#Tx9wKc';
const code = (answer: Answer) => answer.body.error?.code;

/** A private person's form with an address of its own, so each registration is one profile to find. */
export function formFor(email: string) {
  return {
    subjectType: 'persona_fisica',
    holder: { firstName: 'Mario', lastName: 'Rossi', taxCode: 'RSSMRA80A01H501U' },
    address: { street: 'Via del Corso 1', postalCode: '00186', city: 'Roma', province: 'RM', country: 'IT' },
    phone: '+39 06 6982 1234',
    email,
    emailConfirmation: email,
    privacy: { noticeAccepted: true, processingConsent: true, marketingConsent: false },
  };
}

/** The order pipeline's signature (API.md, Amendments): `t=<unix s>,v1=<hex HMAC-SHA256 of "<t>." + raw body>`. */
export function signOrderEvent(secret: string, rawBody: string, t = Math.floor(Date.now() / 1000)): string {
  return `t=${t},v1=${createHmac('sha256', secret).update(`${t}.`).update(rawBody).digest('hex')}`;
}

/** Standalone signup: form (one Idempotency-Key for every try), password, then wait until completed. */
export async function registerBySignup(client: PatientClient, registration: Registration): Promise<void> {
  const idempotencyKey = randomUUID();
  const created = await client.send('POST', '/api/v1/signups', {
    body: formFor(registration.email),
    headers: () => ({ 'idempotency-key': idempotencyKey }),
    accept: (a) => a.status === 201,
  });
  const signupId = String(created.body.signupId);
  registration.username = String(created.body.username);
  await client.send('POST', `/api/v1/signups/${signupId}/password`, {
    body: { password: PASSWORD, passwordConfirmation: PASSWORD },
    // A repeat after an answer was lost: the password is already set, the signup is finishing.
    accept: (a) => a.status === 200 || code(a) === 'password_already_set',
  });
  await client.send('GET', `/api/v1/signups/${signupId}`, { accept: (a) => a.status === 200 && a.body.step === 'completed' });
}

/** First purchase: the signed order event (the same event again on failure), REGISTRATI with the link's token, password. */
export async function registerByFirstPurchase(client: PatientClient, registration: Registration, orderSecret: string): Promise<void> {
  const orderId = `CHAOS-${registration.index}-${randomUUID().slice(0, 8)}`;
  registration.orderId = orderId;
  const event = { orderId, items: [{ sku: 'HOST-BASIC', name: 'Hosting Basic', durationMonths: 12 }] };
  const raw = JSON.stringify(event);
  const accepted = await client.send('POST', `/api/v1/orders/${orderId}/completed`, {
    body: event,
    headers: () => ({ 'x-signature': signOrderEvent(orderSecret, raw) }),
    accept: (a) => a.status === 202,
  });
  const token = new URL(String(accepted.body.registrationUrl)).searchParams.get('token') ?? '';
  const at = (path: string) => `/api/v1/orders/${orderId}${path}?token=${encodeURIComponent(token)}`;
  const idempotencyKey = randomUUID();
  const form = await client.send('POST', at('/registration'), {
    body: formFor(registration.email),
    headers: () => ({ 'idempotency-key': idempotencyKey }),
    accept: (a) => a.status === 201 || code(a) === 'form_already_submitted',
  });
  if (form.status === 201) registration.username = String(form.body.username);
  await client.send('POST', at('/registration/password'), {
    body: { password: PASSWORD, passwordConfirmation: PASSWORD },
    accept: (a) => a.status === 200 || code(a) === 'password_already_set' || code(a) === 'order_already_registered',
  });
  const done = await client.send('GET', at('/registration'), { accept: (a) => a.status === 200 && a.body.step === 'completed' });
  registration.username = String(done.body.username);
}
