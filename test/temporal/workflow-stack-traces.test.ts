import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { loadConfig } from '../../config';
import { signup } from '../../workflows';
import { timeSkippingEnvironment, withTestWorker } from '../support/temporal';

const STACK_TRACE_QUERY = '__stack_trace';

/**
 * The SDK's promise hook behind the UI's "Stack Trace" tab costs the worker about a fifth of its
 * CPU; our patch of the SDK (patches/@temporalio+worker+*.patch) adds the `workflowStackTraces`
 * option that leaves it out, and TEMPORAL_WORKFLOW_STACK_TRACES sets it (docs/decisions.md).
 */
describe('workflow stack traces (TEMPORAL_WORKFLOW_STACK_TRACES)', () => {
  let env: TestWorkflowEnvironment;
  beforeAll(async () => {
    env = await timeSkippingEnvironment();
  });
  afterAll(() => env?.teardown());

  /** The stack trace query's answer, or its error, for a signup waiting for its form. */
  const stackTraceOfWaitingSignup = (workflowStackTraces: boolean, id: string) =>
    withTestWorker(
      env,
      {},
      async (taskQueue) => {
        const handle = await env.client.workflow.start(signup, { workflowId: `signup-${id}`, taskQueue, args: [{ expiresInMs: 3_600_000, usernameDomain: 'aruba.it' }] });
        const answer = await handle.query<string>(STACK_TRACE_QUERY).catch((error: Error) => error);
        await handle.terminate();
        return answer;
      },
      { workflowStackTraces },
    );

  it('are off unless the variable says on, and a malformed value is refused, naming it', () => {
    expect(loadConfig({ NODE_ENV: 'development' }).TEMPORAL_WORKFLOW_STACK_TRACES).toBe('off');
    expect(loadConfig({ NODE_ENV: 'development', TEMPORAL_WORKFLOW_STACK_TRACES: 'on' }).TEMPORAL_WORKFLOW_STACK_TRACES).toBe('on');
    expect(() => loadConfig({ NODE_ENV: 'development', TEMPORAL_WORKFLOW_STACK_TRACES: 'yes' })).toThrow(/TEMPORAL_WORKFLOW_STACK_TRACES/);
  });

  it('off, the query says they are not enabled', async () => {
    const answer = await stackTraceOfWaitingSignup(false, '00000000-0000-4000-a000-00000000a701');
    expect(answer).toBeInstanceOf(Error);
    expect(String((answer as Error).cause)).toMatch(/Workflow stack traces are not enabled on this worker/);
  });

  it("on, the query shows where the run waits, in the workflow's own source", async () => {
    const answer = await stackTraceOfWaitingSignup(true, '00000000-0000-4000-a000-00000000a702');
    expect(typeof answer).toBe('string');
    expect(answer).toMatch(/workflows\/signup\/signup\.ts/);
  });
});
