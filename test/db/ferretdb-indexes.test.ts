import type { Connection } from 'mongoose';
import { customerProfileModel } from '../../customers/customer-profile-model';
import { profileCorrectionModel } from '../../customers/correction-model';
import { loginModel } from '../../customers/login-model';
import { connectMongo } from '../../db/mongo';
import { claimableFilter } from '../../email/outbox';
import { outboxEmailModel } from '../../email/outbox-model';
import { orderModel } from '../../orders/order-model';
import { serviceModel } from '../../orders/service-model';
import { mongoUriFor, uniqueName } from '../support/stack';

/**
 * The store serves every hot-path filter of the app with an index, on the local FerretDB (patched:
 * stack/ferretdb/README.md) as on MongoDB. The filters are the ones the code sends (source named in
 * each case); `explain` on FerretDB's SQLite backend returns SQLite's own query plan.
 */
describe('the store serves the hot-path filters with an index', () => {
  let mongo: Connection;
  const models = () => ({
    profiles: customerProfileModel(mongo),
    logins: loginModel(mongo),
    corrections: profileCorrectionModel(mongo),
    orders: orderModel(mongo),
    services: serviceModel(mongo),
    outbox: outboxEmailModel(mongo),
  });

  beforeAll(async () => {
    mongo = await connectMongo(mongoUriFor(uniqueName('indexes')));
    const { profiles, logins, corrections, orders, services, outbox } = models();
    await Promise.all(Object.values(models()).map((model) => model.init()));
    const now = new Date();
    const n = Array.from({ length: 40 }, (_, i) => i);
    await profiles.insertMany(
      n.map((i) => ({
        _id: `profile-${i}`,
        subjectType: 'person',
        holder: { firstName: 'Mario', lastName: 'Rossi', taxCode: `RSSMRA80A01H50${i}U` },
        address: { street: 'Via Roma 1', postalCode: '00100', city: 'Roma', province: 'RM', country: 'IT' },
        phone: '+390612345678',
        email: `mario.rossi.${i}@example.it`,
        locale: 'it',
        consents: [],
        status: i % 2 ? 'active' : 'pending',
        origin: { kind: 'signup', id: `signup-${i}` },
      })),
    );
    await logins.insertMany(
      n.map((i) => ({ _id: `${1000000 + i}@aruba.it`, profileId: `profile-${i % 20}`, status: i % 3 ? 'active' : 'reserved', origin: 'signup', allocatedBy: `signup-${i}` })),
    );
    await corrections.insertMany(
      n.map((i) => ({
        _id: `correction-${i}`,
        profileId: `profile-${i}`,
        field: 'lastName',
        newValue: 'Bianchi',
        reason: 'typo',
        requestedBy: `${1000000 + i}@aruba.it`,
        requestedAt: now,
        deadline: now,
        status: i % 4 ? 'approved' : 'pending',
      })),
    );
    await orders.insertMany(n.map((i) => ({ _id: `order-${i}`, items: [], status: 'registered', username: `${1000000 + (i % 10)}@aruba.it` })));
    await services.insertMany(
      n.map((i) => ({ _id: `order-${i}:0`, orderId: `order-${i}`, sku: 'DOM', name: 'Dominio', username: `${1000000 + (i % 10)}@aruba.it`, profileId: 'profile-1', status: 'active', startsAt: now, expiresAt: now })),
    );
    await outbox.insertMany(n.map((i) => ({ _id: `outbox-${i}`, key: `key-${i}`, template: 'registration-confirmed', to: 'mario@example.it', locale: 'it', data: {}, status: 'sent' })));
  });
  afterAll(async () => {
    await mongo.dropDatabase();
    await mongo.close();
  });

  const cases: [string, keyof ReturnType<typeof models>, Record<string, unknown>, string][] = [
    ['a login by username (session, recovery, activation)', 'logins', { _id: '1000001@aruba.it' }, '_id_'],
    ['the active login being given a password (recovery/password-change)', 'logins', { _id: '1000001@aruba.it', status: 'active' }, '_id_'],
    ['the reserved login being activated (activities/logins)', 'logins', { _id: '1000001@aruba.it', profileId: 'profile-1' }, '_id_'],
    ['the active logins of a profile (api/routes/session)', 'logins', { profileId: 'profile-1', status: 'active' }, 'profileId_1'],
    ['the active logins of the profiles of an e-mail (recovery/username-reminder)', 'logins', { profileId: { $in: ['profile-1', 'profile-2'] }, status: 'active' }, 'profileId_1'],
    ['the profiles of an e-mail address (recovery/username-reminder)', 'profiles', { email: 'mario.rossi.3@example.it' }, 'email_1'],
    ['a profile by id (everywhere)', 'profiles', { _id: 'profile-3' }, '_id_'],
    ['a profile written under its version (customers/exclusive-profile-update)', 'profiles', { _id: 'profile-3', version: 1 }, '_id_'],
    ['the corrections in one status (operator list, api/routes/corrections)', 'corrections', { status: 'pending' }, 'status_1_requestedAt_1'],
    ['the orders of a login (customer area, api/routes/my-orders)', 'orders', { username: '1000001@aruba.it' }, 'username_1'],
    ['the services of a login (customer area, api/routes/my-orders)', 'services', { username: '1000001@aruba.it' }, 'username_1'],
    ['an outbox row by id (email/outbox)', 'outbox', { _id: 'outbox-3' }, '_id_'],
    // `claim` is a findAndModify; FerretDB queries the backend with its filter exactly as `find` does (handler/msg_findandmodify.go).
    ['the outbox row a worker claims (email/outbox)', 'outbox', claimableFilter('outbox-3', new Date()), '_id_'],
  ];

  it.each(cases)('%s', async (_, collection, filter, indexName) => {
    const explained = await models()[collection].collection.find(filter).explain();
    expect(indexesUsed(explained)).toEqual({ indexes: [indexName], scans: false });
  });
});

/**
 * The indexes a plan reads and whether it scans a collection: FerretDB/SQLite plan lines
 * (`SEARCH <table> USING INDEX <table>_<index> (…)`, `SCAN <table>`) or MongoDB's winning plan.
 */
function indexesUsed(explained: unknown): { indexes: string[]; scans: boolean } {
  const planner = (explained as { queryPlanner?: { Plan?: string[]; winningPlan?: unknown } }).queryPlanner ?? {};
  if (Array.isArray(planner.Plan)) {
    const detail = planner.Plan.map((line) => line.replace(/^.*detail=/, ''));
    const indexes = detail.flatMap((line) => {
      const found = /^SEARCH (\S+) USING (?:COVERING )?INDEX \1_(\S+)/.exec(line);
      return found?.[2] ? [found[2]] : [];
    });
    return { indexes: [...new Set(indexes)], scans: detail.some((line) => line.startsWith('SCAN ')) };
  }
  const plan = JSON.stringify(planner.winningPlan ?? null);
  const indexes = [...plan.matchAll(/"indexName":"([^"]+)"/g)].map((m) => m[1] ?? '');
  if (plan.includes('"IDHACK"')) indexes.push('_id_'); // MongoDB 7's stage for an _id equality
  return { indexes: [...new Set(indexes)], scans: plan.includes('COLLSCAN') };
}
