import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { DefaultLogger, Runtime, Worker } from '@temporalio/worker';
import { temporal } from '@temporalio/proto';
import { projectRoot } from '../../config/paths';
import { SEARCH_ATTRIBUTE_KEYS } from '../../contracts/search-attributes';
import { workflowBundlePath } from '../../temporal/workflow-bundle';
import { testServers } from './stack';

/**
 * Temporal's native runtime logging only errors (expected activity failures would fill the output).
 * Call it in suites that run workers, before the first one; the runtime shuts itself down when its
 * last worker and connection close, so suites without Temporal never start one.
 */
export function quietTemporalRuntime(): void {
  // Errors only, from the SDK and from its core. The time-skipping test server does not advertise a
  // capability the core looks for (activity_failure_include_heartbeat); the core warned about it at
  // every worker start, dozens of lines per run.
  if (!Runtime._instance) Runtime.install({ logger: new DefaultLogger('ERROR'), telemetryOptions: { logging: { filter: { core: 'ERROR', other: 'ERROR' } } } });
}

/** The time-skipping test server, from the binary setup-tools installed (the SDK's own download fails here). */
export async function timeSkippingEnvironment(): Promise<TestWorkflowEnvironment> {
  quietTemporalRuntime();
  const env = await TestWorkflowEnvironment.createTimeSkipping({
    server: { executable: { type: 'existing-path', path: testServers.temporalTestServer } },
  });
  // The search attributes workflows upsert, as the dev server registers them at start.
  await env.connection.operatorService.addSearchAttributes({
    namespace: env.namespace ?? 'default',
    searchAttributes: Object.fromEntries(SEARCH_ATTRIBUTE_KEYS.map((key) => [key.name, temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD])),
  });
  return env;
}

/** The workflows as the workers load them: the bundle built once (Jest's global setup rebuilds it when stale). */
export function workflowBundle(): { codePath: string } {
  return { codePath: workflowBundlePath };
}

/**
 * Saves a finished run's history as a replay fixture (`test/workflows/histories/<name>.json`) when
 * RECORD_HISTORIES=1; `test/workflows/replay.test.ts` replays every fixture against today's code.
 */
export async function recordHistory(env: TestWorkflowEnvironment, workflowId: string, name: string): Promise<void> {
  if (process.env.RECORD_HISTORIES !== '1') return;
  const history = await env.client.workflow.getHandle(workflowId).fetchHistory();
  const dir = path.join(projectRoot, 'test', 'workflows', 'histories');
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, `${name}.json`), historyToJSON(history));
}

/**
 * Runs `body` while a worker with these (fake) activities serves a task queue of its own on the
 * time-skipping server; the activities are test doubles, hence the loose type.
 */
export async function withTestWorker<T>(env: TestWorkflowEnvironment, activities: object, body: (taskQueue: string) => Promise<T>, options: { workflowStackTraces?: boolean } = {}): Promise<T> {
  const taskQueue = `test-${Math.random().toString(36).slice(2)}`;
  // Stack traces as the system's worker runs by default (TEMPORAL_WORKFLOW_STACK_TRACES=off).
  const worker = await Worker.create({ connection: env.nativeConnection, taskQueue, workflowBundle: workflowBundle(), activities, workflowStackTraces: false, ...options });
  return worker.runUntil(body(taskQueue));
}

const { EventType } = temporal.api.enums.v1;
const opened = (events: temporal.api.history.v1.IHistoryEvent[], open: number, closed: number[]) =>
  events.filter((e) => e.eventType === open).length - events.filter((e) => closed.includes(e.eventType ?? -1)).length;

/**
 * `env.sleep(ms)` once the run waits on a timer with no workflow or activity task in flight. Asked
 * to skip time while the run's first tasks were still running, the time-skipping server sometimes
 * never fired the timer (about one run in fifteen: the test hung in `env.sleep`).
 */
export async function sleepWhileWaiting(env: TestWorkflowEnvironment, handle: { fetchHistory(): Promise<temporal.api.history.v1.IHistory> }, ms: number): Promise<void> {
  for (const deadline = Date.now() + 20_000; ; await new Promise((resolve) => setTimeout(resolve, 20))) {
    const events = (await handle.fetchHistory()).events ?? [];
    const waiting = opened(events, EventType.EVENT_TYPE_TIMER_STARTED, [EventType.EVENT_TYPE_TIMER_FIRED, EventType.EVENT_TYPE_TIMER_CANCELED]) > 0;
    const tasks =
      opened(events, EventType.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED, [EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED, EventType.EVENT_TYPE_WORKFLOW_TASK_FAILED, EventType.EVENT_TYPE_WORKFLOW_TASK_TIMED_OUT]) +
      opened(events, EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED, [EventType.EVENT_TYPE_ACTIVITY_TASK_COMPLETED, EventType.EVENT_TYPE_ACTIVITY_TASK_FAILED, EventType.EVENT_TYPE_ACTIVITY_TASK_TIMED_OUT, EventType.EVENT_TYPE_ACTIVITY_TASK_CANCELED]);
    if (waiting && tasks === 0) break;
    if (Date.now() > deadline) throw new Error(`the run never came to wait on a timer alone (last event ${events.at(-1)?.eventType})`);
  }
  await env.sleep(ms);
}
