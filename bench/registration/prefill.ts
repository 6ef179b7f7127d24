import { randomUUID } from 'node:crypto';
import type { Connection } from 'mongoose';
import { customerProfileModel, type CustomerProfile } from '../../customers/customer-profile-model';
import { loginModel, type Login } from '../../customers/login-model';
import { usernameCandidate } from '../../customers/username';
import { PRIVACY_NOTICE_VERSION } from '../../domain/privacy';
import { displayNameOf } from '../../contracts/display-name';
import { outboxIdFor } from '../../email/outbox';
import { outboxEmailModel, type OutboxEmail } from '../../email/outbox-model';
import { messageIdFor, providerMessageIdFrom } from '../../email/transport';
import { orderModel, type Order } from '../../orders/order-model';
import { addMonths, serviceModel, type Service } from '../../orders/service-model';
import { hashPassword, hashSecretAnswer } from '../../security/argon2';

const BATCH = 1000;
const ITEM = { sku: 'HOST-BASIC', name: 'Hosting Linux Basic', durationMonths: 12 };
const SMTP_ANSWER = '250 OK: message queued';

interface ExistingCustomer {
  profile: CustomerProfile;
  login: Login;
  order: Order;
  service: Service;
  email: OutboxEmail;
}

/**
 * One customer as the app leaves it after a finished registration: even `i` came by the standalone
 * signup and later had an order associated; odd `i` registered from a first purchase. Ids, origins
 * and keys are derived as the workflows derive them; the two hashes are real argon2id strings,
 * computed once for all.
 */
function existingCustomer(i: number, runId: string, hashes: { password: string; answer: string }, taken: Set<string>, mailFrom: string, domain: string): ExistingCustomer {
  const now = new Date();
  const bySignup = i % 2 === 0;
  const orderId = `ORD-${runId}-${i}`;
  const flowKey = bySignup ? randomUUID() : `order-${orderId}`;
  const flowId = bySignup ? `signup-${flowKey}` : flowKey;
  let username = usernameCandidate(flowId, 0, domain);
  for (let attempt = 1; taken.has(username); attempt++) username = usernameCandidate(flowId, attempt, domain);
  taken.add(username);
  const holder = { firstName: 'Mario', lastName: 'Rossi', taxCode: 'RSSMRA80A01H501U' };
  const to = `cliente-${runId}-${i}@example.it`;
  const outboxId = outboxIdFor(`${flowId}:registration-confirmed`);
  return {
    profile: {
      _id: flowKey,
      subjectType: 'persona_fisica',
      holder,
      address: { street: 'Via del Corso 1', postalCode: '00186', city: 'Roma', province: 'RM', country: 'IT' },
      phone: '+390669821234',
      email: to,
      locale: 'it',
      consents: [
        { kind: 'privacy_notice', granted: true, version: PRIVACY_NOTICE_VERSION, at: now },
        { kind: 'processing', granted: true, version: PRIVACY_NOTICE_VERSION, at: now },
        { kind: 'marketing', granted: i % 3 === 0, version: PRIVACY_NOTICE_VERSION, at: now },
      ],
      recovery: { question: 'Nome del primo animale domestico?', answerHash: hashes.answer },
      status: 'active',
      origin: { kind: bySignup ? 'signup' : 'first-purchase', id: flowKey, runId: randomUUID() },
      version: 1,
      createdAt: now,
      updatedAt: now,
    },
    login: {
      _id: username,
      profileId: flowKey,
      passwordHash: hashes.password,
      status: 'active',
      origin: bySignup ? 'signup' : 'first-purchase',
      allocatedBy: flowId,
      activatedAt: now,
      failedAttempts: 0,
      createdAt: now,
      updatedAt: now,
    },
    order: { _id: orderId, items: [ITEM], buyerEmail: to, status: 'registered', username, via: bySignup ? 'association' : 'registration', createdAt: now, updatedAt: now },
    service: {
      _id: `${orderId}:0`,
      orderId,
      sku: ITEM.sku,
      name: ITEM.name,
      username,
      profileId: flowKey,
      status: 'active',
      startsAt: now,
      expiresAt: addMonths(now, ITEM.durationMonths),
    },
    email: {
      _id: outboxId,
      key: `${flowId}:registration-confirmed`,
      template: 'registration-confirmed',
      to,
      locale: 'it',
      data: { displayName: displayNameOf(holder), username },
      status: 'sent',
      attemptCount: 1,
      attempts: [{ number: 1, startedAt: now, finishedAt: now, outcome: 'sent' }],
      leaseUntil: null,
      attemptStartedAt: null,
      messageId: messageIdFor(outboxId, mailFrom),
      providerResponse: SMTP_ANSWER,
      providerMessageId: providerMessageIdFrom(SMTP_ANSWER),
      sentAt: now,
      createdAt: now,
      updatedAt: now,
    },
  };
}

/**
 * Fills the store with `count` existing customers (profile, active login, order, service, sent
 * "Conferma iscrizione" row), in batches through the app's own models, indexes in place first.
 * Returns how long it took, in ms.
 */
export async function prefillCustomers(mongo: Connection, count: number, options: { runId: string; mailFrom: string; usernameDomain: string }): Promise<number> {
  const started = Date.now();
  const models = [customerProfileModel(mongo), loginModel(mongo), orderModel(mongo), serviceModel(mongo), outboxEmailModel(mongo)] as const;
  await Promise.all(models.map((model) => model.init()));
  const [profiles, logins, orders, services, outbox] = models;
  const hashes = { password: await hashPassword('Tramonto-Sul-Lago-42'), answer: await hashSecretAnswer('Fufi il gatto') };
  const taken = new Set<string>();
  for (let first = 0; first < count; first += BATCH) {
    const batch = Array.from({ length: Math.min(BATCH, count - first) }, (_, j) => existingCustomer(first + j, options.runId, hashes, taken, options.mailFrom, options.usernameDomain));
    await Promise.all([
      profiles.insertMany(batch.map((c) => c.profile)),
      logins.insertMany(batch.map((c) => c.login)),
      orders.insertMany(batch.map((c) => c.order)),
      services.insertMany(batch.map((c) => c.service)),
      outbox.insertMany(batch.map((c) => c.email)),
    ]);
  }
  return Date.now() - started;
}
