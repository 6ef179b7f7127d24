import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { Connection } from 'mongoose';
import { createCorrectionActivities, type CorrectionTarget } from '../../../activities/customers/correction-activities';
import { createCustomerActivities } from '../../../activities/customers/customer-activities';
import { auditEventModel } from '../../../customers/audit-event-model';
import { profileCorrectionModel } from '../../../customers/correction-model';
import { customerProfileModel } from '../../../customers/customer-profile-model';
import { editProfile } from '../../../customers/edit-profile';
import { loginModel } from '../../../customers/login-model';
import { ProfileLock } from '../../../customers/profile-lock';
import { connectMongo } from '../../../db/mongo';
import { createRedisConnection } from '../../../redis/connection';
import { personSubmission } from '../../support/registration-samples';
import { mongoUriFor, testServers, uniqueName } from '../../support/stack';

/** The correction activities on real FerretDB and Redis: insert-once records, the profile changed only under its lease. */
describe('correction activities on real MongoDB-protocol and Redis servers', () => {
  let mongo: Connection;
  let redis: Redis;
  let activities: ReturnType<typeof createCorrectionActivities>;
  const profiles = () => customerProfileModel(mongo);
  const lock = () => new ProfileLock(redis);

  beforeAll(async () => {
    mongo = await connectMongo(mongoUriFor(uniqueName('corrections')));
    redis = createRedisConnection(testServers.redisUrl);
    await Promise.all([profiles().init(), profileCorrectionModel(mongo).init(), auditEventModel(mongo).init()]);
    activities = createCorrectionActivities({ profiles: profiles(), corrections: profileCorrectionModel(mongo), auditEvents: auditEventModel(mongo), profileLock: lock() });
  });
  afterAll(async () => {
    await mongo.dropDatabase();
    await mongo.close();
    await redis.quit();
  });

  async function profile(): Promise<string> {
    const profileId = randomUUID();
    await createCustomerActivities({ profiles: profiles(), logins: loginModel(mongo) }).createCustomerProfile({ profileId, runId: 'run-1', origin: 'signup', originId: profileId, submission: personSubmission });
    return profileId;
  }
  const firstNameCorrection = (profileId: string, newValue = 'Marco'): CorrectionTarget => ({ correctionId: randomUUID(), profileId, field: 'holder.firstName', oldValue: 'Mario', newValue });

  it('records a request once, however often it is retried (also concurrently)', async () => {
    const target = firstNameCorrection(await profile());
    const input = { ...target, reason: 'typo', requestedBy: '1234567@aruba.it', requestedAt: new Date().toISOString(), deadline: new Date(Date.now() + 60_000).toISOString() };
    await Promise.all(Array.from({ length: 10 }, () => activities.recordCorrectionRequest(input)));
    expect(await profileCorrectionModel(mongo).find({ _id: target.correctionId }).lean()).toEqual([expect.objectContaining({ status: 'pending', oldValue: 'Mario', newValue: 'Marco' })]);
  });

  it('applies a correction with a new version; a retry after the write finds it applied and writes nothing more', async () => {
    const target = firstNameCorrection(await profile());
    expect(await activities.applyCorrection(target)).toEqual({ applied: true });
    expect(await activities.applyCorrection(target)).toEqual({ applied: true });
    expect(await profiles().findById(target.profileId).lean()).toMatchObject({ holder: { firstName: 'Marco', lastName: 'Rossi' }, version: 2 });
  });

  it('does not apply a value that no longer passes the rules, nor over a field that changed since the request', async () => {
    const profileId = await profile();
    expect(await activities.applyCorrection({ ...firstNameCorrection(profileId), field: 'holder.taxCode', oldValue: 'RSSMRA80A01H501U', newValue: '00488410010' })).toEqual({
      applied: false,
      cause: 'no_longer_valid',
    });
    expect(await activities.applyCorrection({ ...firstNameCorrection(profileId, 'Luca'), oldValue: 'Mariano' })).toEqual({ applied: false, cause: 'value_changed' });
    expect(await profiles().findById(profileId).lean()).toMatchObject({ holder: personSubmission.holder, version: 1 });
  });

  it('a correction and contact edits on one profile at the same moment all land (one lease, one version each)', async () => {
    const profileId = await profile();
    const edits = ['Via Uno 1', 'Via Due 2', 'Via Tre 3'].map((street) => editProfile({ profiles: profiles(), lock: lock() }, profileId, { address: { street } }));
    await Promise.all([activities.applyCorrection(firstNameCorrection(profileId)), ...edits, editProfile({ profiles: profiles(), lock: lock() }, profileId, { phone: '+39 0575 444444' })]);
    expect(await profiles().findById(profileId).lean()).toMatchObject({ holder: { firstName: 'Marco' }, phone: '+390575444444', version: 6 });
  });

  it('records the decision once in the audit trail and on the request, and answers the contact address as it is now', async () => {
    const target = firstNameCorrection(await profile());
    await profiles().updateOne({ _id: target.profileId }, { $set: { email: 'nuovo@example.it' } });
    const decisionRecord = { ...target, status: 'rejected' as const, actor: 'operator', decidedAt: new Date().toISOString(), note: 'no' };
    const [contact] = await Promise.all([activities.recordCorrectionDecision(decisionRecord), activities.recordCorrectionDecision(decisionRecord)]);
    expect(contact).toEqual({ email: 'nuovo@example.it', locale: 'it', displayName: 'Mario Rossi' });
    expect(await auditEventModel(mongo).find({ correctionId: target.correctionId }).lean()).toEqual([
      expect.objectContaining({ _id: `correction-${target.correctionId}:decision`, actor: 'operator', decision: 'rejected', oldValue: 'Mario', newValue: 'Marco', note: 'no', at: new Date(decisionRecord.decidedAt) }),
    ]);
  });
});
