import type { Client } from '@temporalio/client';
import { temporal } from '@temporalio/proto';

const EventType = temporal.api.enums.v1.EventType;

/** What one phase of a workflow schedules: at its start, or in one Update's handler. */
export interface PhaseShape {
  activities: number;
  localActivities: number;
}

/** What a workflow costs the Temporal server, counted from its history. */
export interface WorkflowShape {
  workflowTasks: number;
  timers: number;
  /** `[0]`: scheduled before the first Update; `[i]`: after the i-th Update was accepted. */
  phases: PhaseShape[];
}

export const totalActivities = (shape: WorkflowShape) => shape.phases.reduce((sum, p) => sum + p.activities + p.localActivities, 0);

export function describeShape(shape: WorkflowShape): string {
  const phases = shape.phases.map((p, i) => `${i === 0 ? 'start' : `update ${i}`}: ${p.activities} act${p.localActivities ? ` + ${p.localActivities} local` : ''}`);
  return `${shape.workflowTasks} workflow tasks, ${shape.timers} timer(s), ${shape.phases.length - 1} updates (${phases.join('; ')})`;
}

/** Counts workflow tasks, timers, Updates and the activities each phase scheduled (local ones are markers). */
export function shapeOfHistory(history: temporal.api.history.v1.IHistory): WorkflowShape {
  const shape: WorkflowShape = { workflowTasks: 0, timers: 0, phases: [{ activities: 0, localActivities: 0 }] };
  for (const event of history.events ?? []) {
    const phase = shape.phases[shape.phases.length - 1]!;
    switch (event.eventType) {
      case EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED:
        shape.workflowTasks += 1;
        break;
      case EventType.EVENT_TYPE_TIMER_STARTED:
        shape.timers += 1;
        break;
      case EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED:
        shape.phases.push({ activities: 0, localActivities: 0 });
        break;
      case EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED:
        phase.activities += 1;
        break;
      case EventType.EVENT_TYPE_MARKER_RECORDED:
        if (event.markerRecordedEventAttributes?.markerName === 'core_local_activity') phase.localActivities += 1;
        break;
    }
  }
  return shape;
}

/** The shape of a workflow of this run, once it has closed (or after `closeTimeoutMs`, with what it has so far). */
export async function shapeOf(client: Client, workflowId: string, closeTimeoutMs = 30_000): Promise<WorkflowShape> {
  const handle = client.workflow.getHandle(workflowId);
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([handle.result().catch(() => undefined), new Promise((resolve) => (timer = setTimeout(resolve, closeTimeoutMs)))]);
  clearTimeout(timer);
  return shapeOfHistory(await handle.fetchHistory());
}
