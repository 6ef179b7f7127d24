import { createCustomerActivities } from '../../../activities/customers/customer-activities';
import { createEnqueueEmail } from '../../../activities/email/enqueue-email';
import { createRegistrationActivities } from '../../../activities/registration/registration-activities';
import { customerProfileModel } from '../../../customers/customer-profile-model';
import { loginModel } from '../../../customers/login-model';
import { EmailHarness } from '../../support/email-harness';
import { personSubmission } from '../../support/registration-samples';

const HASH = '$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHQ$c29tZWhhc2hzb21laGFzaHNvbWVoYXNoc29tZWhhc2g';

/** Each registration step's writes as one activity, on real FerretDB and Redis: retried whole, it creates nothing twice. */
describe('registration activities on a real MongoDB-protocol server and Redis', () => {
  const system = new EmailHarness();
  let activities: ReturnType<typeof createRegistrationActivities>;
  beforeAll(async () => {
    await system.start({ worker: false });
    const [profiles, logins] = [customerProfileModel(system.mongo), loginModel(system.mongo)];
    await Promise.all([profiles.init(), logins.init()]);
    activities = createRegistrationActivities({
      customers: createCustomerActivities({ profiles, logins }),
      enqueueEmail: createEnqueueEmail({ outbox: system.outbox, emailQueue: system.queue }),
    });
  }, 60_000);
  afterAll(() => system.stop());

  it('accepts a form once, however often the step is retried (also concurrently), and completes it once', async () => {
    const flowId = 'signup-00000000-0000-4000-a000-0000000000f1';
    const profileId = flowId.replace('signup-', '');
    const form = {
      profile: { profileId, runId: 'run-1', origin: 'signup' as const, originId: profileId, submission: personSubmission },
      username: { allocationKey: flowId, origin: 'signup' as const, domain: 'aruba.it' },
    };
    const usernames = await Promise.all(Array.from({ length: 5 }, () => activities.acceptRegistration(form)));
    expect(new Set(usernames).size).toBe(1);
    const [username] = usernames as [string];
    const logins = loginModel(system.mongo);
    expect(await customerProfileModel(system.mongo).countDocuments({ _id: profileId })).toBe(1);
    expect(await logins.find({ profileId }).lean()).toEqual([expect.objectContaining({ _id: username, status: 'reserved' })]);

    const password = {
      activation: { username, profileId, allocationKey: flowId, passwordHash: HASH },
      confirmation: { key: `${flowId}:registration-confirmed`, template: 'registration-confirmed', to: 'mario.rossi@example.it', locale: 'it', data: { displayName: 'Mario Rossi', username } },
    };
    await activities.completeRegistration(password);
    await activities.completeRegistration(password);
    expect(await logins.findById(username).lean()).toMatchObject({ status: 'active', passwordHash: HASH });
    expect(await customerProfileModel(system.mongo).findById(profileId).lean()).toMatchObject({ status: 'active' });
    expect(await system.mongo.collection('email_outbox').countDocuments()).toBe(1);
    expect(await system.queue.getJobCounts('waiting')).toEqual({ waiting: 1 });
  });

  it('refuses a profile another run holds, and writes nothing for it', async () => {
    const flowId = 'signup-00000000-0000-4000-a000-0000000000f2';
    const profileId = flowId.replace('signup-', '');
    const form = (runId: string) => ({
      profile: { profileId, runId, origin: 'signup' as const, originId: profileId, submission: personSubmission },
      username: { allocationKey: flowId, origin: 'signup' as const, domain: 'aruba.it' },
    });
    await activities.acceptRegistration(form('run-1'));
    await expect(activities.acceptRegistration(form('run-2'))).rejects.toMatchObject({ type: 'signup_completed' });
    expect(await loginModel(system.mongo).countDocuments({ profileId })).toBe(1);
  });
});
