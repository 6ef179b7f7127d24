import { spawn, type ChildProcess } from 'node:child_process';
import { WithStartWorkflowOperation, type Client } from '@temporalio/client';
import { hashSecret } from '../../security/argon2';
import { stopApp } from '../../stack/local-system';
import { runPool } from '../figures';
import { noopRegistration, runPhase, type NoopPlan } from './noop-workflow';
import type { WorkflowShape } from './workflow-shape';

/**
 * The floor of a registration, measured on this machine in the same run: the two argon2id hashes
 * at the project's parameters, and a no-op workflow of the signup's shape on the same Temporal server.
 */

export interface Argon2Floor {
  hashesPerSecond: number;
  cpuMsPerHash: number;
  parallel: number;
}

/** `count` hashes through `security/argon2.ts`, as many at once as libuv's threadpool runs (as in the API). */
export async function measureArgon2(count: number): Promise<Argon2Floor> {
  const parallel = Number(process.env.UV_THREADPOOL_SIZE ?? 4);
  await hashSecret('warm-up'); // the threadpool and the module load, outside the figure
  const cpuBefore = process.cpuUsage();
  const started = process.hrtime.bigint();
  await runPool(count, parallel, async (i) => {
    await hashSecret(`Tramonto-Sul-Lago-${i}`);
  });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const cpu = process.cpuUsage(cpuBefore);
  return { hashesPerSecond: count / seconds, cpuMsPerHash: (cpu.user + cpu.system) / 1000 / count, parallel };
}

export function noopPlanOf(shape: WorkflowShape, timerMs: number): NoopPlan {
  return { phases: shape.phases, timerMs: shape.timers > 0 ? timerMs : undefined };
}

/** Starts `noop-worker.js` on `taskQueue`; resolves once it polls. */
export function startNoopWorker(address: string, namespace: string, taskQueue: string, onLine: (line: string) => void): Promise<ChildProcess> {
  const child = spawn(process.execPath, [require.resolve('./noop-worker'), address, namespace, taskQueue], { stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`the no-op worker exited (${code}) before polling`)));
    child.stderr.on('data', (chunk: Buffer) => onLine(chunk.toString().trimEnd()));
    child.stdout.on('data', (chunk: Buffer) => {
      const text = chunk.toString();
      onLine(text.trimEnd());
      if (text.includes('ready')) resolve(child);
    });
  });
}

export const stopNoopWorker = (child: ChildProcess) => stopApp(child);

export interface NoopTimings {
  /** One list per Update: from the call to its result, as the API waits for the signup's. */
  updateMs: number[][];
  workflowIds: string[];
  startedAt: number;
  finishedAt: number;
}

/** Drives `count` no-op workflows `concurrency` at a time, as the API drives signups: Update-with-start, then each further Update. */
export async function driveNoopWorkflows(client: Client, taskQueue: string, plan: NoopPlan, options: { count: number; concurrency: number; tag: string }): Promise<NoopTimings> {
  const updates = plan.phases.length - 1;
  const timings: NoopTimings = { updateMs: Array.from({ length: updates }, () => []), workflowIds: [], startedAt: Date.now(), finishedAt: 0 };
  await runPool(options.count, options.concurrency, async (i) => {
    const workflowId = `${options.tag}-${i}`;
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
    timings.workflowIds.push(workflowId);
    timings.finishedAt = Math.max(timings.finishedAt, Date.now());
  });
  return timings;
}
