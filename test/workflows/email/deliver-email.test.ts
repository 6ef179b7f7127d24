import { ApplicationFailure } from '@temporalio/common';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import type { Activities } from '../../../activities';
import type { EmailReceipt, EmailRequest, EmailStatus } from '../../../contracts';
import { deliverEmail } from '../../../workflows';
import { timeSkippingEnvironment, workflowBundle } from '../../support/temporal';

const request: EmailRequest = {
  key: 'signup-abc:registration-confirmed',
  template: 'registration-confirmed',
  to: 'mario.rossi@example.it',
  locale: 'it',
  data: { displayName: 'Mario Rossi', username: '1234567@aruba.it' },
};

describe('deliverEmail workflow (time-skipping server, activities isolated)', () => {
  let env: TestWorkflowEnvironment;
  beforeAll(async () => {
    env = await timeSkippingEnvironment();
  });
  afterAll(() => env?.teardown());

  async function run(activities: Partial<Activities>, options?: { followForMs?: number }): Promise<EmailReceipt> {
    const taskQueue = `deliver-email-${Math.random()}`;
    const worker = await Worker.create({
      connection: env.nativeConnection,
      taskQueue,
      workflowBundle: workflowBundle(),
      activities,
    });
    return worker.runUntil(
      env.client.workflow.execute(deliverEmail, { args: [request, options], workflowId: `email-${request.key}`, taskQueue }),
    );
  }

  /** A getEmailStatus that reports the given statuses in turn, then the last one forever. */
  function statuses(...sequence: EmailStatus[]) {
    let call = 0;
    const getEmailStatus = jest.fn(async (): Promise<EmailReceipt> => ({ outboxId: 'o1', status: sequence[Math.min(call++, sequence.length - 1)]! }));
    return getEmailStatus;
  }

  it('queues the e-mail and follows it until it is sent', async () => {
    const enqueueEmail = jest.fn(async (): Promise<EmailReceipt> => ({ outboxId: 'o1', status: 'queued' }));
    const getEmailStatus = statuses('queued', 'sending', 'sent');
    const receipt = await run({ enqueueEmail, getEmailStatus } as unknown as Partial<Activities>);
    expect(receipt).toEqual({ outboxId: 'o1', status: 'sent' });
    expect(enqueueEmail).toHaveBeenCalledTimes(1);
    expect(enqueueEmail).toHaveBeenCalledWith(request);
    expect(getEmailStatus).toHaveBeenCalledTimes(3);
  });

  it('returns at once when the e-mail was already final (a repeated request)', async () => {
    const getEmailStatus = statuses('sent');
    const receipt = await run({ enqueueEmail: async () => ({ outboxId: 'o1', status: 'sent' }), getEmailStatus } as unknown as Partial<Activities>);
    expect(receipt.status).toBe('sent');
    expect(getEmailStatus).not.toHaveBeenCalled();
  });

  it('reports a permanent failure as the final status', async () => {
    const receipt = await run({ enqueueEmail: async () => ({ outboxId: 'o1', status: 'queued' }), getEmailStatus: statuses('sending', 'failed') } as unknown as Partial<Activities>);
    expect(receipt.status).toBe('failed');
  });

  it('stops following after the configured time and reports where the e-mail is', async () => {
    const getEmailStatus = statuses('queued');
    const before = await env.currentTimeMs();
    const receipt = await run({ enqueueEmail: async () => ({ outboxId: 'o1', status: 'queued' }), getEmailStatus } as unknown as Partial<Activities>, { followForMs: 3_600_000 });
    expect(receipt.status).toBe('queued');
    expect((await env.currentTimeMs()) - before).toBeGreaterThanOrEqual(3_600_000);
  });

  it('retries a failing enqueue until it succeeds', async () => {
    let calls = 0;
    const enqueueEmail = async (): Promise<EmailReceipt> => {
      calls += 1;
      if (calls < 3) throw new Error('redis unavailable');
      return { outboxId: 'o1', status: 'queued' };
    };
    const receipt = await run({ enqueueEmail, getEmailStatus: statuses('sent') } as unknown as Partial<Activities>);
    expect(receipt.status).toBe('sent');
    expect(calls).toBe(3);
  });

  it('does not retry a request the outbox refuses, and fails the run', async () => {
    let calls = 0;
    const enqueueEmail = async (): Promise<EmailReceipt> => {
      calls += 1;
      throw ApplicationFailure.create({ type: 'InvalidEmailRequestError', message: 'data.password: unknown key' });
    };
    await expect(run({ enqueueEmail, getEmailStatus: statuses('sent') } as unknown as Partial<Activities>)).rejects.toThrow(/Workflow execution failed/);
    expect(calls).toBe(1);
  });
});
