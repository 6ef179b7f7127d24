import { spawn, type ChildProcess } from 'node:child_process';
import { Client, Connection, WithStartWorkflowOperation } from '@temporalio/client';
import { stopApp } from '../../stack/local-system';
import { round, runPool } from '../figures';
import { noopRegistration, runPhase, type NoopPlan } from './noop-workflow';
import { UsageMeter, type WatchedProcess } from './process-stats';
import { describeShape, shapeOf, totalActivities, type WorkflowShape } from './workflow-shape';

/**
 * The second floor of a registration: a no-op workflow of the signup's shape on the same Temporal
 * server, driven the same way (Update-with-start, then each further Update), by a no-op worker
 * in a process of its own.
 */

export interface NoopFloor {
  shape: string;
  workflowsPerSecond: number;
  /** One list per Update, from the call to its result. */
  updatesMs: number[][];
  /** Per workflow: the Temporal server, the no-op worker and the client (this process). */
  cpuMsPerWorkflow: Record<string, number>;
  totalCpuMsPerWorkflow: number;
}

export interface NoopFloorOptions {
  address: string;
  namespace: string;
  temporalServer?: WatchedProcess;
  count: number;
  warmup: number;
  concurrency: number;
  runId: string;
}

/** Starts `noop-worker.js` on `taskQueue`; resolves once it polls. */
function startNoopWorker(address: string, namespace: string, taskQueue: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, [require.resolve('./noop-worker'), address, namespace, taskQueue], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`the no-op worker exited (${code}) before polling`)));
    child.stdout.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('ready')) resolve(child);
    });
  });
}

async function drive(client: Client, taskQueue: string, plan: NoopPlan, count: number, concurrency: number, tag: string) {
  const updates = plan.phases.length - 1;
  const timings = { updateMs: Array.from({ length: updates }, () => [] as number[]), startedAt: Date.now(), finishedAt: 0 };
  await runPool(count, concurrency, async (i) => {
    const workflowId = `${tag}-${i}`;
    for (let update = 1; update <= updates; update++) {
      const t0 = Date.now();
      if (update === 1) {
        await client.workflow.executeUpdateWithStart(runPhase, {
          args: [1],
          startWorkflowOperation: new WithStartWorkflowOperation(noopRegistration, { workflowId, taskQueue, args: [plan], workflowIdConflictPolicy: 'USE_EXISTING' }),
        });
      } else {
        await client.workflow.getHandle(workflowId).executeUpdate(runPhase, { args: [update] });
      }
      timings.updateMs[update - 1]!.push(Date.now() - t0);
    }
    timings.finishedAt = Math.max(timings.finishedAt, Date.now());
  });
  return timings;
}

/**
 * The mean of a measurement before the registrations and one after them (the shared host's speed
 * drifts within a run, as argon2id's does); the Updates' latencies of both.
 */
export function meanOfNoop(before: NoopFloor, after: NoopFloor): NoopFloor {
  const mean = (a: number, b: number) => (a + b) / 2;
  return {
    shape: after.shape,
    workflowsPerSecond: round(mean(before.workflowsPerSecond, after.workflowsPerSecond), 1),
    updatesMs: after.updatesMs.map((ms, i) => [...(before.updatesMs[i] ?? []), ...ms]),
    cpuMsPerWorkflow: Object.fromEntries(Object.entries(after.cpuMsPerWorkflow).map(([name, ms]) => [name, round(mean(before.cpuMsPerWorkflow[name] ?? ms, ms), 1)])),
    totalCpuMsPerWorkflow: mean(before.totalCpuMsPerWorkflow, after.totalCpuMsPerWorkflow),
  };
}

export async function measureNoopFloor(signupShape: WorkflowShape, options: NoopFloorOptions): Promise<NoopFloor> {
  const plan: NoopPlan = { phases: signupShape.phases, timerMs: signupShape.timers > 0 ? 24 * 3_600_000 : undefined };
  const taskQueue = `bench-noop-${options.runId}`;
  const connection = await Connection.connect({ address: options.address });
  const worker = await startNoopWorker(options.address, options.namespace, taskQueue);
  try {
    const client = new Client({ connection, namespace: options.namespace });
    await drive(client, taskQueue, plan, options.warmup, options.concurrency, `noop-warmup-${options.runId}`);
    const meter = new UsageMeter([...(options.temporalServer ? [options.temporalServer] : []), { name: 'no-op worker', pid: worker.pid! }, { name: 'client', pid: process.pid }]);
    meter.start();
    const tag = `noop-${options.runId}`;
    const timings = await drive(client, taskQueue, plan, options.count, options.concurrency, tag);
    const usage = meter.stop();
    const shape = await shapeOf(client, `${tag}-0`);
    if (totalActivities(shape) !== totalActivities(signupShape)) console.error('warning: the no-op workflow did not schedule as many activities as the signup');
    return {
      shape: describeShape(shape),
      workflowsPerSecond: round((options.count * 1000) / (timings.finishedAt - timings.startedAt), 1),
      updatesMs: timings.updateMs,
      cpuMsPerWorkflow: Object.fromEntries(usage.map((u) => [u.name, round(u.cpuMs / options.count, 1)])),
      totalCpuMsPerWorkflow: usage.reduce((sum, u) => sum + u.cpuMs, 0) / options.count,
    };
  } finally {
    await stopApp(worker);
    await connection.close();
  }
}
