import { WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Activities } from '../../../activities';
import { createRegistrationActivities } from '../../../activities/registration/registration-activities';
import type { RegistrationSubmission, SignupOutcome } from '../../../contracts';
import { signup } from '../../../workflows';
import { passwordContext, setPassword, signupState, submitForm } from '../../../workflows/signup/signup-messages';
import { personSubmission } from '../../support/registration-samples';
import { recordHistory, sleepWhileWaiting, timeSkippingEnvironment, withTestWorker } from '../../support/temporal';

const HOUR = 3_600_000;
const HASH = '$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHQ$c29tZWhhc2hzb21laGFzaHNvbWVoYXNoc29tZWhhc2g';

/** Activities recorded, each answering as the real one would. */
function fakeActivities(overrides: Partial<Record<keyof Activities, jest.Mock>> = {}) {
  const calls = {
    createCustomerProfile: jest.fn(async (input: { profileId: string }) => input.profileId),
    allocateUsername: jest.fn(async () => '1234567@aruba.it'),
    activateLogin: jest.fn(async () => undefined),
    releaseSignup: jest.fn(async () => undefined),
    enqueueEmail: jest.fn(async () => ({ outboxId: 'o1', status: 'queued' })),
    getEmailStatus: jest.fn(async () => null),
    ...overrides,
  };
  // The steps' composed activities, as the worker builds them, over these parts.
  return { ...calls, ...createRegistrationActivities({ customers: calls, enqueueEmail: calls.enqueueEmail }) };
}

describe('signup workflow (time-skipping server, activities isolated)', () => {
  let env: TestWorkflowEnvironment;
  beforeAll(async () => {
    env = await timeSkippingEnvironment();
  });
  afterAll(() => env?.teardown());

  const withWorker = <T>(activities: ReturnType<typeof fakeActivities>, body: (taskQueue: string) => Promise<T>) => withTestWorker(env, activities, body);

  const start = (taskQueue: string, id: string) =>
    env.client.workflow.start(signup, { workflowId: `signup-${id}`, taskQueue, args: [{ expiresInMs: 24 * HOUR, usernameDomain: 'aruba.it' }] });

  it('happy path: form → profile → username → password → active login → "Conferma iscrizione" → completed', async () => {
    const activities = fakeActivities();
    const outcome = await withWorker(activities, async (taskQueue) => {
      const handle = await start(taskQueue, '00000000-0000-4000-a000-000000000001');
      expect(await handle.executeUpdate(submitForm, { args: [personSubmission] })).toEqual({ username: '1234567@aruba.it' });
      expect(await handle.query(signupState)).toEqual({ step: 'password', username: '1234567@aruba.it', next: 'set_password' });
      expect(await handle.query(passwordContext)).toMatchObject({ username: '1234567@aruba.it', firstName: 'Mario', taxCode: 'RSSMRA80A01H501U' });
      expect(await handle.executeUpdate(setPassword, { args: [{ passwordHash: HASH }] })).toEqual({ username: '1234567@aruba.it' });
      const result: SignupOutcome = await handle.result();
      expect(await handle.query(signupState)).toMatchObject({ step: 'completed', next: 'none' });
      await recordHistory(env, handle.workflowId, 'signup-completed');
      return result;
    });
    expect(outcome).toEqual({ status: 'completed', username: '1234567@aruba.it' });
    expect(activities.createCustomerProfile).toHaveBeenCalledTimes(1);
    expect(activities.allocateUsername).toHaveBeenCalledWith(expect.objectContaining({ allocationKey: 'signup-00000000-0000-4000-a000-000000000001', domain: 'aruba.it' }));
    expect(activities.activateLogin).toHaveBeenCalledWith({ username: '1234567@aruba.it', profileId: '00000000-0000-4000-a000-000000000001', allocationKey: 'signup-00000000-0000-4000-a000-000000000001', passwordHash: HASH });
    expect(activities.enqueueEmail).toHaveBeenCalledTimes(1);
    expect(activities.enqueueEmail).toHaveBeenCalledWith({
      key: 'signup-00000000-0000-4000-a000-000000000001:registration-confirmed',
      template: 'registration-confirmed',
      to: 'mario.rossi@example.it',
      locale: 'it',
      data: { displayName: 'Mario Rossi', username: '1234567@aruba.it' },
    });
    expect(activities.releaseSignup).not.toHaveBeenCalled();
  });

  it('a repeated form (same Idempotency-Key and body) answers the same username and creates nothing twice', async () => {
    const activities = fakeActivities();
    await withWorker(activities, async (taskQueue) => {
      const handle = await start(taskQueue, '00000000-0000-4000-a000-000000000002');
      const [a, b] = await Promise.all([
        handle.executeUpdate(submitForm, { args: [personSubmission] }),
        handle.executeUpdate(submitForm, { args: [personSubmission] }),
      ]);
      expect(a).toEqual(b);
      await expect(handle.executeUpdate(submitForm, { args: [{ ...personSubmission, fingerprint: 'e'.repeat(64) }] })).rejects.toThrow(WorkflowUpdateFailedError);
      await handle.terminate();
    });
    expect(activities.createCustomerProfile).toHaveBeenCalledTimes(1);
    expect(activities.allocateUsername).toHaveBeenCalledTimes(1);
  });

  it('refuses in the validator a submission whose secret answer is not hashed: nothing runs, and the same signup can still take a good form', async () => {
    const activities = fakeActivities();
    await withWorker(activities, async (taskQueue) => {
      const handle = await start(taskQueue, '00000000-0000-4000-a000-000000000003');
      const bad: RegistrationSubmission = { ...personSubmission, recovery: { question: 'Nome del primo animale domestico?', answerHash: 'Fufi' } };
      const error = await handle.executeUpdate(submitForm, { args: [bad] }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(WorkflowUpdateFailedError);
      expect((error as WorkflowUpdateFailedError).cause).toMatchObject({ type: 'ValidationError', details: [[{ path: 'recovery.answer', rule: 'format' }]] });
      expect(activities.createCustomerProfile).not.toHaveBeenCalled();
      expect(await handle.executeUpdate(submitForm, { args: [personSubmission] })).toEqual({ username: '1234567@aruba.it' });
      await handle.terminate();
    });
  });

  it('expires without a password in time, releases what it reserved, and refuses a later password', async () => {
    const activities = fakeActivities();
    const outcome = await withWorker(activities, async (taskQueue) => {
      const handle = await start(taskQueue, '00000000-0000-4000-a000-000000000004');
      await handle.executeUpdate(submitForm, { args: [personSubmission] });
      await sleepWhileWaiting(env, handle, 25 * HOUR);
      const result = await handle.result();
      expect(await handle.query(signupState)).toMatchObject({ step: 'expired', next: 'none' });
      await expect(handle.executeUpdate(setPassword, { args: [{ passwordHash: HASH }] })).rejects.toThrow();
      await recordHistory(env, handle.workflowId, 'signup-expired');
      return result;
    });
    expect(outcome).toEqual({ status: 'expired' });
    expect(activities.releaseSignup).toHaveBeenCalledWith({ profileId: '00000000-0000-4000-a000-000000000004', username: '1234567@aruba.it' });
    expect(activities.activateLogin).not.toHaveBeenCalled();
    expect(activities.enqueueEmail).not.toHaveBeenCalled();
  });

  it('refuses a second password while the first is being applied', async () => {
    let release!: () => void;
    const slow = new Promise<void>((resolve) => (release = resolve));
    const activities = fakeActivities({ activateLogin: jest.fn(() => slow) });
    await withWorker(activities, async (taskQueue) => {
      const handle = await start(taskQueue, '00000000-0000-4000-a000-000000000005');
      await handle.executeUpdate(submitForm, { args: [personSubmission] });
      const first = handle.executeUpdate(setPassword, { args: [{ passwordHash: HASH }] });
      while ((await handle.query(signupState)).step !== 'activating') await new Promise((r) => setTimeout(r, 20));
      const second = await handle.executeUpdate(setPassword, { args: [{ passwordHash: HASH }] }).catch((e: unknown) => e);
      expect((second as WorkflowUpdateFailedError).cause).toMatchObject({ type: 'password_already_set' });
      release();
      expect(await first).toEqual({ username: '1234567@aruba.it' });
      expect(await handle.result()).toMatchObject({ status: 'completed' });
    });
    // One activation: a local activity held past its timeout may be attempted again, always with the first password.
    const activations = activities.activateLogin.mock.calls.map((call: unknown[]) => call[0]);
    expect(activations.length).toBeGreaterThanOrEqual(1);
    for (const activation of activations) expect(activation).toMatchObject({ allocationKey: 'signup-00000000-0000-4000-a000-000000000005', passwordHash: HASH });
    // Each attempt queues "Conferma iscrizione" under the one key, which the outbox keeps once.
    const keys = activities.enqueueEmail.mock.calls.map((call: unknown[]) => (call[0] as { key: string }).key);
    expect(new Set(keys)).toEqual(new Set(['signup-00000000-0000-4000-a000-000000000005:registration-confirmed']));
  });

  it('refuses a password before the form', async () => {
    await withWorker(fakeActivities(), async (taskQueue) => {
      const handle = await start(taskQueue, '00000000-0000-4000-a000-000000000006');
      const error = await handle.executeUpdate(setPassword, { args: [{ passwordHash: HASH }] }).catch((e: unknown) => e);
      expect((error as WorkflowUpdateFailedError).cause).toMatchObject({ type: 'form_not_submitted' });
      await handle.terminate();
    });
  });

  it('a store that refuses the profile for good ends the signup visibly: registration_failed to the caller, a failed step, a failed run', async () => {
    // As mongoose refuses a document: a ValidationError, which the worker never retries.
    const refused = new (class ValidationError extends Error {})('document failed validation');
    const activities = fakeActivities({ createCustomerProfile: jest.fn(async () => Promise.reject(refused)) });
    await withWorker(activities, async (taskQueue) => {
      const handle = await start(taskQueue, '00000000-0000-4000-a000-000000000008');
      const error = await handle.executeUpdate(submitForm, { args: [personSubmission] }).catch((e: unknown) => e);
      expect((error as WorkflowUpdateFailedError).cause).toMatchObject({ type: 'registration_failed' });
      expect(await handle.query(signupState)).toMatchObject({ step: 'failed', next: 'none' });
      await expect(handle.result()).rejects.toMatchObject({ cause: { type: 'registration_failed' } });
    });
    expect(activities.createCustomerProfile).toHaveBeenCalledTimes(1);
    expect(activities.allocateUsername).not.toHaveBeenCalled();
    // The step may have written its profile before failing: the run gives back whatever is there and still pending.
    expect(activities.releaseSignup).toHaveBeenCalledWith(expect.objectContaining({ profileId: '00000000-0000-4000-a000-000000000008' }));
  });

  it('a run that finds its profile created by another run is refused as completed, and releases nothing', async () => {
    const otherRun = ApplicationFailure.create({ type: 'signup_completed', message: 'profile belongs to another run', nonRetryable: true });
    const activities = fakeActivities({ createCustomerProfile: jest.fn(async () => Promise.reject(otherRun)) });
    await withWorker(activities, async (taskQueue) => {
      const handle = await start(taskQueue, '00000000-0000-4000-a000-000000000009');
      const error = await handle.executeUpdate(submitForm, { args: [personSubmission] }).catch((e: unknown) => e);
      expect((error as WorkflowUpdateFailedError).cause).toMatchObject({ type: 'signup_completed' });
      await expect(handle.result()).rejects.toBeDefined();
    });
    expect(activities.releaseSignup).not.toHaveBeenCalled();
  });

  it('retries a failing step until it succeeds, every attempt with the same profile and allocation key', async () => {
    let calls = 0;
    const allocateUsername = jest.fn(async () => {
      calls += 1;
      if (calls < 3) throw new Error('MongoDB unavailable');
      return '7654321@aruba.it';
    });
    const activities = fakeActivities({ allocateUsername });
    await withWorker(activities, async (taskQueue) => {
      const handle = await start(taskQueue, '00000000-0000-4000-a000-000000000007');
      expect(await handle.executeUpdate(submitForm, { args: [personSubmission] })).toEqual({ username: '7654321@aruba.it' });
      await handle.executeUpdate(setPassword, { args: [{ passwordHash: HASH }] });
      expect(await handle.result()).toEqual({ status: 'completed', username: '7654321@aruba.it' });
    });
    expect(allocateUsername).toHaveBeenCalledTimes(3);
    // The step is retried whole: its profile is created once, and found again by its id (insertOnce).
    const profiles = activities.createCustomerProfile.mock.calls.map((call: unknown[]) => call[0]);
    expect(profiles).toHaveLength(3);
    expect(new Set(profiles.map((p) => JSON.stringify(p))).size).toBe(1);
    expect(new Set(allocateUsername.mock.calls.map((call: unknown[]) => JSON.stringify(call[0]))).size).toBe(1);
  });
});
