import type { WorkflowUpdateFailedError } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { createRegistrationActivities } from '../../../activities/registration/registration-activities';
import type { OrderCompleted } from '../../../contracts';
import { firstPurchaseRegistration } from '../../../workflows';
import { associateOrder, orderRegistrationState, setPassword, submitForm } from '../../../workflows/orders/first-purchase-messages';
import { personSubmission } from '../../support/registration-samples';
import { recordHistory, sleepWhileWaiting, timeSkippingEnvironment, withTestWorker } from '../../support/temporal';

const HOUR = 3_600_000;
const HASH = '$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHQ$c29tZWhhc2hzb21laGFzaHNvbWVoYXNoc29tZWhhc2g';
const order: OrderCompleted = {
  orderId: 'ORD-1001',
  items: [
    { sku: 'HOST-BASIC', name: 'Hosting Linux Basic', durationMonths: 12 },
    { sku: 'DOMAIN-IT', name: 'Dominio .it', durationMonths: 12 },
  ],
  buyerEmail: 'buyer@example.it',
};
const options = { reminderAfterMs: 24 * HOUR, expiresAfterMs: 7 * 24 * HOUR, usernameDomain: 'aruba.it', registrationUrl: 'http://localhost:3000/ordini/ORD-1001/registrazione?token=dG9rZW4' };

function fakeActivities() {
  const calls = {
    recordOrder: jest.fn(async () => undefined),
    attachServices: jest.fn(async () => undefined),
    markOrderRegistered: jest.fn(async () => undefined),
    markOrderExpired: jest.fn(async () => undefined),
    createCustomerProfile: jest.fn(async (input: { profileId: string }) => input.profileId),
    allocateUsername: jest.fn(async () => '2345678@aruba.it'),
    activateLogin: jest.fn(async () => undefined),
    releaseSignup: jest.fn(async () => undefined),
    enqueueEmail: jest.fn(async () => ({ outboxId: 'o1', status: 'queued' })),
    getEmailStatus: jest.fn(async () => null),
  };
  // The steps' composed activities, as the worker builds them, over these parts.
  return { ...calls, ...createRegistrationActivities({ customers: calls, enqueueEmail: calls.enqueueEmail }) };
}

describe('firstPurchaseRegistration workflow (time-skipping server, activities isolated)', () => {
  let env: TestWorkflowEnvironment;
  beforeAll(async () => {
    env = await timeSkippingEnvironment();
  });
  afterAll(() => env?.teardown());

  const withWorker = <T>(activities: ReturnType<typeof fakeActivities>, body: (taskQueue: string) => Promise<T>) => withTestWorker(env, activities, body);

  const start = (taskQueue: string, event: OrderCompleted = order) =>
    env.client.workflow.start(firstPurchaseRegistration, {
      workflowId: `order-${event.orderId}`,
      taskQueue,
      args: [event, options],
      workflowIdConflictPolicy: 'USE_EXISTING',
    });

  it('REGISTRATI: form → username → password → services attached, order registered, one confirmation', async () => {
    const activities = fakeActivities();
    const outcome = await withWorker(activities, async (taskQueue) => {
      const handle = await start(taskQueue);
      expect(await handle.query(orderRegistrationState)).toMatchObject({ step: 'form', next: 'register_or_associate' });
      expect(await handle.executeUpdate(submitForm, { args: [personSubmission] })).toEqual({ username: '2345678@aruba.it' });
      await handle.executeUpdate(setPassword, { args: [{ passwordHash: HASH }] });
      expect(await handle.query(orderRegistrationState)).toEqual({ step: 'completed', username: '2345678@aruba.it', via: 'registration', next: 'none' });
      const result = await handle.result();
      await recordHistory(env, handle.workflowId, 'first-purchase-registered');
      return result;
    });
    expect(outcome).toEqual({ status: 'registered', username: '2345678@aruba.it' });
    expect(activities.recordOrder).toHaveBeenCalledWith(order);
    expect(activities.allocateUsername).toHaveBeenCalledWith(expect.objectContaining({ allocationKey: 'order-ORD-1001', origin: 'first-purchase' }));
    expect(activities.attachServices).toHaveBeenCalledWith({ order, username: '2345678@aruba.it', profileId: 'order-ORD-1001' });
    expect(activities.markOrderRegistered).toHaveBeenCalledWith({ orderId: 'ORD-1001', username: '2345678@aruba.it', via: 'registration', order: expect.objectContaining({ orderId: 'ORD-1001' }) });
    expect(activities.enqueueEmail).toHaveBeenCalledTimes(1);
    expect(activities.enqueueEmail).toHaveBeenCalledWith(expect.objectContaining({ key: 'order-ORD-1001:registration-confirmed', template: 'registration-confirmed' }));
    expect(activities.markOrderExpired).not.toHaveBeenCalled();
  });

  it('association: a signed-in buyer gives the order to an existing login; a form afterwards is refused', async () => {
    const activities = fakeActivities();
    const outcome = await withWorker(activities, async (taskQueue) => {
      const handle = await start(taskQueue, { ...order, orderId: 'ORD-1002' });
      expect(await handle.executeUpdate(associateOrder, { args: [{ username: '1111111@aruba.it', profileId: 'p-1' }] })).toEqual({ orderId: 'ORD-1002', username: '1111111@aruba.it' });
      const late = await handle.executeUpdate(submitForm, { args: [personSubmission] }).catch((e: unknown) => e);
      expect(late).toBeInstanceOf(Error);
      const result = await handle.result();
      await recordHistory(env, handle.workflowId, 'first-purchase-associated');
      return result;
    });
    expect(outcome).toEqual({ status: 'associated', username: '1111111@aruba.it' });
    expect(activities.attachServices).toHaveBeenCalledWith({ order: { ...order, orderId: 'ORD-1002' }, username: '1111111@aruba.it', profileId: 'p-1' });
    expect(activities.markOrderRegistered).toHaveBeenCalledWith({ orderId: 'ORD-1002', username: '1111111@aruba.it', via: 'association', order: expect.objectContaining({ orderId: 'ORD-1002' }) });
    expect(activities.createCustomerProfile).not.toHaveBeenCalled();
    // The buyer is told which login now has the order (a stranger with the link would be noticed).
    expect(activities.enqueueEmail).toHaveBeenCalledTimes(1);
    expect(activities.enqueueEmail).toHaveBeenCalledWith({
      key: 'order-ORD-1002:order-associated',
      template: 'order-associated',
      to: 'buyer@example.it',
      locale: 'it',
      data: { orderId: 'ORD-1002', username: '1111111@aruba.it' },
    });
  });

  it('refuses an association while a registration is in progress', async () => {
    const activities = fakeActivities();
    await withWorker(activities, async (taskQueue) => {
      const handle = await start(taskQueue, { ...order, orderId: 'ORD-1003' });
      await handle.executeUpdate(submitForm, { args: [personSubmission] });
      const error = await handle.executeUpdate(associateOrder, { args: [{ username: '1111111@aruba.it', profileId: 'p-1' }] }).catch((e: unknown) => e);
      expect((error as WorkflowUpdateFailedError).cause).toMatchObject({ type: 'registration_in_progress' });
      await handle.terminate();
    });
    expect(activities.attachServices).not.toHaveBeenCalled();
  });

  it('reminds the buyer after a day, and marks the order registration_expired at the deadline', async () => {
    const activities = fakeActivities();
    const outcome = await withWorker(activities, async (taskQueue) => {
      const handle = await start(taskQueue, { ...order, orderId: 'ORD-1004' });
      await sleepWhileWaiting(env, handle, 25 * HOUR);
      expect(activities.enqueueEmail).toHaveBeenCalledWith({
        key: 'order-ORD-1004:registration-reminder',
        template: 'registration-reminder',
        to: 'buyer@example.it',
        locale: 'it',
        data: { orderId: 'ORD-1004', registrationUrl: options.registrationUrl },
      });
      expect(activities.markOrderExpired).not.toHaveBeenCalled();
      const result = await handle.result();
      expect(await handle.query(orderRegistrationState)).toEqual({ step: 'expired', next: 'none' });
      await recordHistory(env, handle.workflowId, 'first-purchase-expired');
      return result;
    });
    expect(outcome).toEqual({ status: 'expired' });
    expect(activities.markOrderExpired).toHaveBeenCalledWith('ORD-1004');
    expect(activities.enqueueEmail).toHaveBeenCalledTimes(1);
  });

  it('sends no reminder when the pipeline gave no buyer e-mail, and still marks the order', async () => {
    const activities = fakeActivities();
    const outcome = await withWorker(activities, async (taskQueue) => {
      const handle = await start(taskQueue, { orderId: 'ORD-1005', items: order.items });
      return handle.result();
    });
    expect(outcome).toEqual({ status: 'expired' });
    expect(activities.enqueueEmail).not.toHaveBeenCalled();
    expect(activities.markOrderExpired).toHaveBeenCalledWith('ORD-1005');
  });

  it('the same event delivered again (also at once) is one run', async () => {
    const activities = fakeActivities();
    await withWorker(activities, async (taskQueue) => {
      const handles = await Promise.all(Array.from({ length: 5 }, () => start(taskQueue, { ...order, orderId: 'ORD-1006' })));
      const runIds = new Set(await Promise.all(handles.map(async (h) => (await h.describe()).runId)));
      expect(runIds.size).toBe(1);
      while (activities.recordOrder.mock.calls.length === 0) await new Promise((resolve) => setTimeout(resolve, 20));
      await handles[0]!.terminate();
    });
    expect(activities.recordOrder).toHaveBeenCalledTimes(1);
  });
});
