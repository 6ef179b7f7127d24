import type { Connection } from 'mongoose';
import { loginModel, type LoginModel } from '../../customers/login-model';
import { connectMongo, insertOnce } from '../../db/mongo';
import { mongoUriFor, uniqueName } from '../support/stack';

/** `insertOnce` writes what `create` would: cast, defaults, timestamps, validated; once per key. */
describe('insertOnce', () => {
  let mongo: Connection;
  let logins: LoginModel;
  const reserved = { profileId: 'profile-1', status: 'reserved' as const, origin: 'signup' as const, allocatedBy: 'signup-1' };

  beforeAll(async () => {
    mongo = await connectMongo(mongoUriFor(uniqueName('insert-once')));
    logins = loginModel(mongo);
    await logins.init();
  });
  afterAll(async () => {
    await mongo.dropDatabase();
    await mongo.close();
  });

  it('stores the document with its defaults and timestamps, and answers true once', async () => {
    const before = Date.now();
    expect(await insertOnce(logins, { _id: '1000001@aruba.it', ...reserved })).toBe(true);
    const row = await logins.collection.findOne({ _id: '1000001@aruba.it' as never });
    expect(row).toMatchObject({ ...reserved, failedAttempts: 0 });
    expect(row!.createdAt).toBeInstanceOf(Date);
    expect(row!.createdAt.getTime()).toBeGreaterThanOrEqual(before - 1000);
    expect(row!.updatedAt).toEqual(row!.createdAt);
    expect(await insertOnce(logins, { _id: '1000001@aruba.it', ...reserved, allocatedBy: 'signup-2' })).toBe(false);
    expect(await logins.collection.findOne({ _id: '1000001@aruba.it' as never })).toMatchObject({ allocatedBy: 'signup-1' });
  });

  it('casts values to the schema types', async () => {
    await insertOnce(logins, { _id: '1000002@aruba.it', ...reserved, failedAttempts: '2' as unknown as number });
    expect(await logins.collection.findOne({ _id: '1000002@aruba.it' as never })).toMatchObject({ failedAttempts: 2 });
  });

  it('refuses a document the schema refuses, and writes nothing', async () => {
    await expect(insertOnce(logins, { _id: '1000003@aruba.it', profileId: 'profile-1' })).rejects.toThrow(/status|origin|allocatedBy/);
    expect(await logins.collection.findOne({ _id: '1000003@aruba.it' as never })).toBeNull();
  });
});
