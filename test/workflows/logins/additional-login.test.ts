import { WorkflowFailedError, type WorkflowUpdateFailedError } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Activities } from '../../../activities';
import { loginRequestWorkflowId, type AdditionalLoginRequest } from '../../../contracts';
import { NotFoundError } from '../../../domain/errors';
import { additionalLogin } from '../../../workflows';
import { confirmLoginRequest, loginRequestState } from '../../../workflows/logins/additional-login-messages';
import { recordHistory, sleepWhileWaiting, timeSkippingEnvironment, withTestWorker } from '../../support/temporal';

const MINUTE = 60_000;
const HASH = '$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHQ$c29tZWhhc2hzb21laGFzaHNvbWVoYXNoc29tZWhhc2g';
const PROFILE = 'profile-00000000-0000-4000-a000-00000000000a';
const CONTACT = { email: 'mario.rossi@example.it', displayName: 'Mario Rossi', locale: 'it' as const };

/** Activities recorded, each answering as the real one would. */
function fakeActivities(overrides: Partial<Record<keyof Activities, jest.Mock>> = {}) {
  return {
    profileContact: jest.fn(async () => CONTACT),
    allocateUsername: jest.fn(async () => '7654321@aruba.it'),
    activateAdditionalLogin: jest.fn(async () => undefined),
    enqueueEmail: jest.fn(async () => ({ outboxId: 'o1', status: 'queued' })),
    ...overrides,
  };
}

describe('additionalLogin workflow (time-skipping server, activities isolated)', () => {
  let env: TestWorkflowEnvironment;
  beforeAll(async () => {
    env = await timeSkippingEnvironment();
  });
  afterAll(() => env?.teardown());

  const withWorker = <T>(activities: ReturnType<typeof fakeActivities>, body: (taskQueue: string) => Promise<T>) => withTestWorker(env, activities, body);

  const request: AdditionalLoginRequest = { profileId: PROFILE, requestedBy: '1234567@aruba.it', passwordHash: HASH, usernameDomain: 'aruba.it', expiresInMs: 30 * MINUTE };
  const start = (taskQueue: string, requestId: string) =>
    env.client.workflow.start(additionalLogin, { workflowId: loginRequestWorkflowId(requestId), taskQueue, args: [request] });

  it('confirmed: a new username on the same profile, activated with the hash, and "login-created" to the profile address', async () => {
    const activities = fakeActivities();
    const outcome = await withWorker(activities, async (taskQueue) => {
      const handle = await start(taskQueue, '00000000-0000-4000-a000-000000000001');
      expect(await handle.query(loginRequestState)).toEqual({ step: 'confirm', profileId: PROFILE, next: 'confirm' });
      expect(await handle.executeUpdate(confirmLoginRequest, { args: [{ profileId: PROFILE }] })).toEqual({ username: '7654321@aruba.it' });
      const result = await handle.result();
      expect(await handle.query(loginRequestState)).toEqual({ step: 'completed', profileId: PROFILE, username: '7654321@aruba.it', next: 'none' });
      await recordHistory(env, handle.workflowId, 'additional-login-completed');
      return result;
    });
    expect(outcome).toEqual({ status: 'completed', username: '7654321@aruba.it' });
    const flowId = 'login-request-00000000-0000-4000-a000-000000000001';
    expect(activities.allocateUsername).toHaveBeenCalledWith({ allocationKey: flowId, profileId: PROFILE, origin: 'additional-login', domain: 'aruba.it' });
    expect(activities.activateAdditionalLogin).toHaveBeenCalledWith({ username: '7654321@aruba.it', profileId: PROFILE, allocationKey: expect.stringMatching(/^login-request-/), passwordHash: HASH });
    expect(activities.enqueueEmail).toHaveBeenCalledTimes(1);
    expect(activities.enqueueEmail).toHaveBeenCalledWith({
      key: `${flowId}:login-created`,
      template: 'login-created',
      to: CONTACT.email,
      locale: 'it',
      data: { displayName: 'Mario Rossi', username: '7654321@aruba.it' },
    });
  });

  it('a confirmation repeated (also concurrently) answers the same username and creates one login', async () => {
    const activities = fakeActivities();
    await withWorker(activities, async (taskQueue) => {
      const handle = await start(taskQueue, '00000000-0000-4000-a000-000000000002');
      const answers = await Promise.all([1, 2, 3].map(() => handle.executeUpdate(confirmLoginRequest, { args: [{ profileId: PROFILE }] })));
      expect(new Set(answers.map((a) => a.username))).toEqual(new Set(['7654321@aruba.it']));
      await handle.result();
    });
    expect(activities.allocateUsername).toHaveBeenCalledTimes(1);
    expect(activities.enqueueEmail).toHaveBeenCalledTimes(1);
  });

  it('expires without a confirmation in time, creating nothing', async () => {
    const activities = fakeActivities();
    const outcome = await withWorker(activities, async (taskQueue) => {
      const handle = await start(taskQueue, '00000000-0000-4000-a000-000000000003');
      await sleepWhileWaiting(env, handle, 31 * MINUTE);
      const result = await handle.result();
      expect(await handle.query(loginRequestState)).toEqual({ step: 'expired', profileId: PROFILE, next: 'none' });
      await expect(handle.executeUpdate(confirmLoginRequest, { args: [{ profileId: PROFILE }] })).rejects.toThrow();
      await recordHistory(env, handle.workflowId, 'additional-login-expired');
      return result;
    });
    expect(outcome).toEqual({ status: 'expired' });
    for (const activity of Object.values(activities)) expect(activity).not.toHaveBeenCalled();
  });

  it('refuses a confirmation from another profile in the validator; the profile that asked can still confirm', async () => {
    const activities = fakeActivities();
    await withWorker(activities, async (taskQueue) => {
      const handle = await start(taskQueue, '00000000-0000-4000-a000-000000000004');
      const error = await handle.executeUpdate(confirmLoginRequest, { args: [{ profileId: 'someone-else' }] }).catch((e: unknown) => e);
      expect((error as WorkflowUpdateFailedError).cause).toMatchObject({ type: 'login_request_not_found' });
      expect(activities.allocateUsername).not.toHaveBeenCalled();
      expect(await handle.query(loginRequestState)).toMatchObject({ step: 'confirm' });
      expect(await handle.executeUpdate(confirmLoginRequest, { args: [{ profileId: PROFILE }] })).toEqual({ username: '7654321@aruba.it' });
      expect(await handle.result()).toEqual({ status: 'completed', username: '7654321@aruba.it' });
    });
  });

  it('retries a failing activity until it succeeds, and allocates once', async () => {
    let calls = 0;
    const allocateUsername = jest.fn(async () => {
      calls += 1;
      if (calls < 3) throw new Error('MongoDB unavailable');
      return '2222222@aruba.it';
    });
    const activities = fakeActivities({ allocateUsername });
    await withWorker(activities, async (taskQueue) => {
      const handle = await start(taskQueue, '00000000-0000-4000-a000-000000000005');
      expect(await handle.executeUpdate(confirmLoginRequest, { args: [{ profileId: PROFILE }] })).toEqual({ username: '2222222@aruba.it' });
      expect(await handle.result()).toEqual({ status: 'completed', username: '2222222@aruba.it' });
    });
    expect(allocateUsername).toHaveBeenCalledTimes(3);
    expect(activities.activateAdditionalLogin).toHaveBeenCalledTimes(1);
    expect(activities.enqueueEmail).toHaveBeenCalledTimes(1);
  });

  it('does not retry a profile that is gone: no username is allocated, and the run fails for an operator to see', async () => {
    const activities = fakeActivities({ profileContact: jest.fn(async () => Promise.reject(new NotFoundError('no profile'))) });
    await withWorker(activities, async (taskQueue) => {
      const handle = await start(taskQueue, '00000000-0000-4000-a000-000000000006');
      await expect(handle.executeUpdate(confirmLoginRequest, { args: [{ profileId: PROFILE }] })).rejects.toThrow();
      await expect(handle.result()).rejects.toThrow(WorkflowFailedError);
    });
    expect(activities.profileContact).toHaveBeenCalledTimes(1);
    expect(activities.allocateUsername).not.toHaveBeenCalled();
  });
});
