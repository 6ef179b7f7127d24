import { formsBySubjectType } from '../support/registration-samples';
import { SystemHarness } from '../support/system-harness';

describe('many signups at once through HTTP on the real stack', () => {
  const system = new SystemHarness();
  beforeAll(() => system.startSystem(), 60_000);
  afterAll(() => system.stop());

  it('200 concurrent signups get 200 distinct usernames, one login each', async () => {
    const form = formsBySubjectType.azienda;
    const responses = await Promise.all(
      Array.from({ length: 200 }, (_, i) => {
        const email = `cliente${i}@example.it`;
        return system.request('POST', '/api/v1/signups', { ...form, email, emailConfirmation: email });
      }),
    );
    expect(responses.map((r) => r.status)).toEqual(Array(200).fill(201));
    const usernames = responses.map((r) => r.body.username as string);
    expect(new Set(usernames).size).toBe(200);
    expect(new Set(responses.map((r) => r.body.signupId)).size).toBe(200);
    expect(await system.logins.countDocuments({ _id: { $in: usernames } })).toBe(200);
    expect(await system.profiles.countDocuments()).toBe(200);
  }, 180_000);
});
