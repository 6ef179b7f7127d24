import type { Connection } from 'mongoose';
import { createCustomerActivities } from '../../../activities/customers/customer-activities';
import { customerProfileModel } from '../../../customers/customer-profile-model';
import { loginModel } from '../../../customers/login-model';
import { usernameCandidate } from '../../../customers/username';
import { connectMongo } from '../../../db/mongo';
import { personSubmission } from '../../support/registration-samples';
import { mongoUriFor, uniqueName } from '../../support/stack';

/** The customer activities on real FerretDB: each one idempotent, usernames never shared. */
describe('customer activities on a real MongoDB-protocol server', () => {
  let mongo: Connection;
  let activities: ReturnType<typeof createCustomerActivities>;
  const profiles = () => customerProfileModel(mongo);
  const logins = () => loginModel(mongo);

  beforeAll(async () => {
    mongo = await connectMongo(mongoUriFor(uniqueName('customers')));
    await Promise.all([profiles().init(), logins().init()]);
    activities = createCustomerActivities({ profiles: profiles(), logins: logins() });
  });
  afterAll(async () => {
    await mongo.dropDatabase();
    await mongo.close();
  });

  const allocation = (key: string) => ({ allocationKey: key, profileId: 'p1', origin: 'signup' as const, domain: 'aruba.it' });

  it('creates a profile once, however often it is retried (also concurrently)', async () => {
    const input = { profileId: 'profile-1', runId: 'run-1', origin: 'signup' as const, originId: 'profile-1', submission: personSubmission };
    const ids = await Promise.all(Array.from({ length: 10 }, () => activities.createCustomerProfile(input)));
    expect(new Set(ids)).toEqual(new Set(['profile-1']));
    expect(await profiles().countDocuments({ _id: 'profile-1' })).toBe(1);
    expect(await profiles().findById('profile-1').lean()).toMatchObject({ status: 'pending', holder: { taxCode: 'RSSMRA80A01H501U' }, recovery: { answerHash: expect.stringMatching(/^\$argon2id\$/) } });
  });

  it('a retried allocation finds the username it took; concurrent retries create one login', async () => {
    const usernames = await Promise.all(Array.from({ length: 20 }, () => activities.allocateUsername(allocation('signup-a'))));
    expect(new Set(usernames).size).toBe(1);
    expect(usernames[0]).toBe(usernameCandidate('signup-a', 0, 'aruba.it'));
    expect(await logins().countDocuments({ allocatedBy: 'signup-a' })).toBe(1);
  });

  it('skips a code another flow holds and takes the next candidate', async () => {
    const taken = usernameCandidate('signup-b', 0, 'aruba.it');
    await logins().create({ _id: taken, profileId: 'other', status: 'active', origin: 'signup', allocatedBy: 'someone-else', failedAttempts: 0 });
    const username = await activities.allocateUsername(allocation('signup-b'));
    expect(username).toBe(usernameCandidate('signup-b', 1, 'aruba.it'));
    expect(await logins().findById(taken).lean()).toMatchObject({ allocatedBy: 'someone-else', profileId: 'other' });
  });

  it('many flows allocating at once never share a username', async () => {
    const keys = Array.from({ length: 100 }, (_, i) => `signup-many-${i}`);
    const usernames = await Promise.all(keys.map((key) => activities.allocateUsername(allocation(key))));
    expect(new Set(usernames).size).toBe(100);
    for (const username of usernames) expect(username).toMatch(/^\d{7}@aruba\.it$/);
  });

  it('activates a login and its profile; releasing afterwards removes nothing', async () => {
    await activities.createCustomerProfile({ profileId: 'profile-2', runId: 'run-1', origin: 'signup', originId: 'profile-2', submission: personSubmission });
    const username = await activities.allocateUsername({ ...allocation('signup-c'), profileId: 'profile-2' });
    await activities.activateLogin({ username, profileId: 'profile-2', allocationKey: 'signup-c', passwordHash: '$argon2id$v=19$m=19456,t=2,p=1$x$y' });
    await activities.releaseSignup({ profileId: 'profile-2', username });
    expect(await logins().findById(username).lean()).toMatchObject({ status: 'active', passwordHash: '$argon2id$v=19$m=19456,t=2,p=1$x$y' });
    expect(await profiles().findById('profile-2').lean()).toMatchObject({ status: 'active' });
  });

  it('refuses to create a profile another run created: a reopened flow never claims it', async () => {
    const input = { profileId: 'profile-4', runId: 'run-1', origin: 'signup' as const, originId: 'profile-4', submission: personSubmission };
    await activities.createCustomerProfile(input);
    await expect(activities.createCustomerProfile({ ...input, runId: 'run-2', submission: { ...personSubmission, email: 'stranger@example.com' } })).rejects.toMatchObject({
      type: 'signup_completed',
      nonRetryable: true,
    });
    expect(await profiles().findById('profile-4').lean()).toMatchObject({ email: personSubmission.email, origin: { runId: 'run-1' } });
  });

  it('activation only moves a reserved login to active: a retry changes nothing, an active login of another flow is never overwritten', async () => {
    await activities.createCustomerProfile({ profileId: 'profile-5', runId: 'run-1', origin: 'signup', originId: 'profile-5', submission: personSubmission });
    const username = await activities.allocateUsername({ ...allocation('signup-e'), profileId: 'profile-5' });
    const activation = { username, profileId: 'profile-5', allocationKey: 'signup-e', passwordHash: '$argon2id$v=19$m=19456,t=2,p=1$owner$hash' };
    await activities.activateLogin(activation);
    await activities.activateLogin(activation);
    await expect(activities.activateLogin({ ...activation, allocationKey: 'signup-stranger', passwordHash: '$argon2id$v=19$m=19456,t=2,p=1$stranger$hash' })).rejects.toMatchObject({ code: 'login_not_reserved' });
    expect(await logins().findById(username).lean()).toMatchObject({ status: 'active', passwordHash: activation.passwordHash });
  });

  it('a finished flow allocating again never gets back its active username', async () => {
    await activities.createCustomerProfile({ profileId: 'profile-6', runId: 'run-1', origin: 'signup', originId: 'profile-6', submission: personSubmission });
    const username = await activities.allocateUsername({ ...allocation('signup-f'), profileId: 'profile-6' });
    await activities.activateLogin({ username, profileId: 'profile-6', allocationKey: 'signup-f', passwordHash: '$argon2id$v=19$m=19456,t=2,p=1$x$y' });
    expect(await activities.allocateUsername({ ...allocation('signup-f'), profileId: 'profile-6' })).not.toBe(username);
  });

  it('releasing an abandoned signup gives back its username and removes its profile, idempotently', async () => {
    await activities.createCustomerProfile({ profileId: 'profile-3', runId: 'run-1', origin: 'signup', originId: 'profile-3', submission: personSubmission });
    const username = await activities.allocateUsername({ ...allocation('signup-d'), profileId: 'profile-3' });
    await activities.releaseSignup({ profileId: 'profile-3', username });
    await activities.releaseSignup({ profileId: 'profile-3', username });
    expect(await logins().findById(username).lean()).toBeNull();
    expect(await profiles().findById('profile-3').lean()).toBeNull();
  });
});
