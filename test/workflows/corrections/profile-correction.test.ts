import { WorkflowUpdateFailedError } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Activities } from '../../../activities';
import { SYSTEM_REJECTION_NOTES, type CorrectionRequest } from '../../../contracts';
import { profileCorrection } from '../../../workflows';
import { correctionRecorded, correctionState, decide, decision } from '../../../workflows/corrections/profile-correction-messages';
import { recordHistory, sleepWhileWaiting, timeSkippingEnvironment, withTestWorker } from '../../support/temporal';

const HOUR = 3_600_000;
const DEADLINE_MS = 336 * HOUR;
const request: CorrectionRequest = {
  profileId: 'profile-1',
  field: 'holder.taxCode',
  oldValue: 'RSSMRA80A01H501U',
  newValue: 'RSSMRA80A41H501Y',
  reason: 'Ho sbagliato il giorno di nascita',
  requestedBy: '1234567@aruba.it',
  fingerprint: 'f'.repeat(64),
};
const contact = { email: 'mario.rossi@example.it', locale: 'it' as const, displayName: 'Mario Rossi' };

/** Activities recorded, each answering as the real one would. */
function fakeActivities(overrides: Partial<Record<keyof Activities, jest.Mock>> = {}) {
  return {
    recordCorrectionRequest: jest.fn(async () => undefined),
    applyCorrection: jest.fn(async () => ({ applied: true })),
    recordCorrectionDecision: jest.fn(async () => contact),
    enqueueEmail: jest.fn(async () => ({ outboxId: 'o1', status: 'queued' })),
    getEmailStatus: jest.fn(async () => null),
    ...overrides,
  };
}

describe('profileCorrection workflow (time-skipping server, activities isolated)', () => {
  let env: TestWorkflowEnvironment;
  beforeAll(async () => {
    env = await timeSkippingEnvironment();
  });
  afterAll(() => env?.teardown());

  const withWorker = <T>(activities: ReturnType<typeof fakeActivities>, body: (taskQueue: string) => Promise<T>) => withTestWorker(env, activities, body);

  /** Starts the run and waits, as the API does, until the request is recorded. */
  async function requested(taskQueue: string, correctionId: string) {
    const handle = await env.client.workflow.start(profileCorrection, { workflowId: `correction-${correctionId}`, taskQueue, args: [request, { deadlineMs: DEADLINE_MS }] });
    expect(await handle.executeUpdate(correctionRecorded, { args: [request.fingerprint] })).toEqual({ correctionId, status: 'pending' });
    return handle;
  }

  const target = (correctionId: string) => ({ correctionId, profileId: 'profile-1', field: 'holder.taxCode', oldValue: 'RSSMRA80A01H501U', newValue: 'RSSMRA80A41H501Y' });

  it('approved by an operator: the change is applied, audited and e-mailed once', async () => {
    const id = '00000000-0000-4000-a000-00000000c001';
    const activities = fakeActivities();
    const outcome = await withWorker(activities, async (taskQueue) => {
      const handle = await requested(taskQueue, id);
      expect(await handle.query(correctionState)).toMatchObject({ status: 'pending', field: 'holder.taxCode' });
      const state = await handle.executeUpdate(decide, { args: [{ approve: true, note: 'Verificato sul documento', operator: 'operator' }] });
      expect(state).toMatchObject({ correctionId: id, status: 'approved', decidedBy: 'operator', note: 'Verificato sul documento' });
      const result = await handle.result();
      await recordHistory(env, handle.workflowId, 'correction-approved');
      return result;
    });
    expect(outcome.status).toBe('approved');
    expect(activities.recordCorrectionRequest).toHaveBeenCalledWith(expect.objectContaining({ ...target(id), reason: request.reason, requestedBy: request.requestedBy }));
    expect(activities.applyCorrection).toHaveBeenCalledWith(target(id));
    expect(activities.recordCorrectionDecision).toHaveBeenCalledWith(
      expect.objectContaining({ ...target(id), status: 'approved', actor: 'operator', note: 'Verificato sul documento', decidedAt: expect.any(String) }),
    );
    expect(activities.enqueueEmail).toHaveBeenCalledTimes(1);
    expect(activities.enqueueEmail).toHaveBeenCalledWith({
      key: `correction-${id}:decided`,
      template: 'correction-decided',
      to: 'mario.rossi@example.it',
      locale: 'it',
      data: { displayName: 'Mario Rossi', field: 'codice fiscale', approved: true, note: 'Verificato sul documento' },
    });
  });

  it('rejected by an operator: nothing is applied, the customer is told with the note, and a second decision is refused', async () => {
    const id = '00000000-0000-4000-a000-00000000c002';
    const activities = fakeActivities();
    await withWorker(activities, async (taskQueue) => {
      const handle = await requested(taskQueue, id);
      const first = handle.executeUpdate(decide, { args: [{ approve: false, note: 'Il documento non corrisponde', operator: 'operator' }] });
      expect(await first).toMatchObject({ status: 'rejected', decidedBy: 'operator' });
      const result = await handle.result();
      expect(result).toMatchObject({ status: 'rejected', note: 'Il documento non corrisponde' });
      await expect(handle.executeUpdate(decide, { args: [{ approve: true, operator: 'operator' }] })).rejects.toThrow();
      await recordHistory(env, handle.workflowId, 'correction-rejected');
    });
    expect(activities.applyCorrection).not.toHaveBeenCalled();
    expect(activities.recordCorrectionDecision).toHaveBeenCalledWith(expect.objectContaining({ status: 'rejected', actor: 'operator' }));
    expect(activities.enqueueEmail).toHaveBeenCalledWith(
      expect.objectContaining({ data: { displayName: 'Mario Rossi', field: 'codice fiscale', approved: false, note: 'Il documento non corrisponde' } }),
    );
  });

  it('refuses a second decision while the first is being applied', async () => {
    let release!: () => void;
    const slow = new Promise<{ applied: true }>((resolve) => (release = () => resolve({ applied: true })));
    const activities = fakeActivities({ applyCorrection: jest.fn(() => slow) });
    await withWorker(activities, async (taskQueue) => {
      const handle = await requested(taskQueue, '00000000-0000-4000-a000-00000000c003');
      const first = handle.executeUpdate(decide, { args: [{ approve: true, operator: 'operator' }] });
      while ((await handle.query(correctionState)).status !== 'applying') await new Promise((r) => setTimeout(r, 20));
      const second = await handle.executeUpdate(decide, { args: [{ approve: false, operator: 'operator' }] }).catch((e: unknown) => e);
      expect(second).toBeInstanceOf(WorkflowUpdateFailedError);
      expect((second as WorkflowUpdateFailedError).cause).toMatchObject({ type: 'correction_decided' });
      release();
      expect(await first).toMatchObject({ status: 'approved' });
    });
    expect(activities.applyCorrection).toHaveBeenCalledTimes(1);
    expect(activities.enqueueEmail).toHaveBeenCalledTimes(1);
  });

  it('expires without a decision by the deadline: rejected automatically by `system`, and the customer is told why', async () => {
    const id = '00000000-0000-4000-a000-00000000c004';
    const activities = fakeActivities();
    const outcome = await withWorker(activities, async (taskQueue) => {
      const handle = await requested(taskQueue, id);
      await sleepWhileWaiting(env, handle, DEADLINE_MS - HOUR);
      expect(await handle.query(correctionState)).toMatchObject({ status: 'pending' });
      await sleepWhileWaiting(env, handle, 2 * HOUR);
      const result = await handle.result();
      await recordHistory(env, handle.workflowId, 'correction-expired');
      return result;
    });
    expect(outcome).toMatchObject({ status: 'expired', decidedBy: 'system', cause: 'expired' });
    expect(activities.applyCorrection).not.toHaveBeenCalled();
    expect(activities.recordCorrectionDecision).toHaveBeenCalledWith(expect.objectContaining({ ...target(id), status: 'expired', actor: 'system', cause: 'expired' }));
    expect(activities.enqueueEmail).toHaveBeenCalledWith(
      expect.objectContaining({ key: `correction-${id}:decided`, data: expect.objectContaining({ approved: false, note: SYSTEM_REJECTION_NOTES.expired.it }) }),
    );
  });

  it('takes the decision as a Signal from the Temporal UI; a malformed one is ignored, and the name it gives is recorded as unverified', async () => {
    const id = '00000000-0000-4000-a000-00000000c005';
    const activities = fakeActivities();
    const outcome = await withWorker(activities, async (taskQueue) => {
      const handle = await requested(taskQueue, id);
      await handle.signal(decision, { approve: 'yes' } as unknown as { approve: boolean; operator: string });
      expect(await handle.query(correctionState)).toMatchObject({ status: 'pending' });
      await handle.signal(decision, { approve: true, note: '  Ok dal pannello  ', operator: 'anna' });
      const result = await handle.result();
      await recordHistory(env, handle.workflowId, 'correction-signalled');
      return result;
    });
    // A typed name is a claim: the Signal carries no credential, so the audit never takes it for an operator's id.
    expect(outcome).toMatchObject({ status: 'approved', decidedBy: 'unverified:anna', note: 'Ok dal pannello' });
    expect(activities.recordCorrectionDecision).toHaveBeenCalledWith(expect.objectContaining({ actor: 'unverified:anna' }));
    expect(activities.applyCorrection).toHaveBeenCalledTimes(1);
    expect(activities.enqueueEmail).toHaveBeenCalledWith(expect.objectContaining({ data: expect.objectContaining({ approved: true, note: 'Ok dal pannello' }) }));
  });

  it('an approval that no longer passes the rules ends rejected, with the reason in the e-mail', async () => {
    const activities = fakeActivities({ applyCorrection: jest.fn(async () => ({ applied: false, cause: 'no_longer_valid' })) });
    const outcome = await withWorker(activities, async (taskQueue) => {
      const handle = await requested(taskQueue, '00000000-0000-4000-a000-00000000c006');
      expect(await handle.executeUpdate(decide, { args: [{ approve: true, note: 'ok', operator: 'operator' }] })).toMatchObject({ status: 'rejected', cause: 'no_longer_valid' });
      return handle.result();
    });
    expect(outcome).toMatchObject({ status: 'rejected', decidedBy: 'operator', cause: 'no_longer_valid' });
    expect(activities.recordCorrectionDecision).toHaveBeenCalledWith(expect.objectContaining({ status: 'rejected', actor: 'operator', cause: 'no_longer_valid', note: 'ok' }));
    expect(activities.enqueueEmail).toHaveBeenCalledWith(expect.objectContaining({ data: expect.objectContaining({ approved: false, note: SYSTEM_REJECTION_NOTES.no_longer_valid.it }) }));
  });

  it('refuses the same Idempotency-Key with another body, and retries a busy profile until the change is applied', async () => {
    let calls = 0;
    const applyCorrection = jest.fn(async () => {
      calls += 1;
      if (calls < 3) throw Object.assign(new Error('the profile is being changed by another request'), { name: 'ProfileBusyError' });
      return { applied: true };
    });
    const activities = fakeActivities({ applyCorrection });
    await withWorker(activities, async (taskQueue) => {
      const handle = await requested(taskQueue, '00000000-0000-4000-a000-00000000c007');
      const reused = await handle.executeUpdate(correctionRecorded, { args: ['e'.repeat(64)] }).catch((e: unknown) => e);
      expect((reused as WorkflowUpdateFailedError).cause).toMatchObject({ type: 'idempotency_key_reused' });
      expect(await handle.executeUpdate(decide, { args: [{ approve: true, operator: 'operator' }] })).toMatchObject({ status: 'approved' });
    });
    expect(applyCorrection).toHaveBeenCalledTimes(3);
    expect(activities.recordCorrectionRequest).toHaveBeenCalledTimes(1);
  });
});
