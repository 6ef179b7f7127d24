import { allHandlersFinished, condition, defineUpdate, proxyActivities, proxyLocalActivities, setHandler } from '@temporalio/workflow';
import type { PhaseShape } from './workflow-shape';

/**
 * The floor of a registration on the Temporal server: a workflow of the signup's shape (as many
 * Updates, activities per Update, workflow tasks and timers) whose activities do nothing. Its
 * own bundle, run by `noop-worker.ts`; nothing here belongs to the application.
 */
export interface NoopPlan {
  /** `[0]` runs at the start, `[i]` in the handler of the i-th Update. */
  phases: PhaseShape[];
  /** Like the signup's expiry: a timer started at the start, cancelled when the workflow ends. */
  timerMs?: number;
}

export interface NoopActivities {
  noop(): Promise<void>;
}

export const runPhase = defineUpdate<void, [number]>('runPhase');

const { noop } = proxyActivities<NoopActivities>({ startToCloseTimeout: '30 seconds' });
const { noop: localNoop } = proxyLocalActivities<NoopActivities>({ startToCloseTimeout: '30 seconds' });

async function run(phase: PhaseShape | undefined): Promise<void> {
  for (let i = 0; i < (phase?.activities ?? 0); i++) await noop();
  for (let i = 0; i < (phase?.localActivities ?? 0); i++) await localNoop();
}

export async function noopRegistration(plan: NoopPlan): Promise<void> {
  let updatesDone = 0;
  setHandler(runPhase, async (index) => {
    await run(plan.phases[index]);
    updatesDone += 1;
  });
  await run(plan.phases[0]);
  const allUpdatesDone = () => updatesDone === plan.phases.length - 1;
  if (plan.timerMs) await condition(allUpdatesDone, plan.timerMs);
  else await condition(allUpdatesDone);
  await condition(allHandlersFinished);
}
