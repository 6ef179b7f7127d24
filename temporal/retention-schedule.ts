import { ScheduleAlreadyRunning, ScheduleOverlapPolicy, type Client } from '@temporalio/client';
import type { Config } from '../config';
import { RETENTION_SCHEDULE_ID, type RetentionPolicy } from '../contracts';

export type RetentionConfig = Pick<Config, 'TEMPORAL_TASK_QUEUE' | 'OUTBOX_RETENTION_DAYS' | 'AUDIT_RETENTION_DAYS' | 'UNREGISTERED_ORDER_RETENTION_DAYS' | 'RETENTION_INTERVAL_HOURS'>;

export const retentionPolicyOf = (config: RetentionConfig): RetentionPolicy => ({
  outboxDays: config.OUTBOX_RETENTION_DAYS,
  auditDays: config.AUDIT_RETENTION_DAYS,
  unregisteredOrderDays: config.UNREGISTERED_ORDER_RETENTION_DAYS,
});

/**
 * Declares the Temporal schedule that runs the `retention` workflow every
 * `RETENTION_INTERVAL_HOURS`, with today's policy: created the first time, updated afterwards (so
 * a changed config applies from the next run). One run at a time; a run missed while the server
 * was down is run once when it is back.
 */
export async function ensureRetentionSchedule(client: Client, config: RetentionConfig): Promise<void> {
  const action = {
    type: 'startWorkflow' as const,
    workflowType: 'retention',
    workflowId: RETENTION_SCHEDULE_ID,
    taskQueue: config.TEMPORAL_TASK_QUEUE,
    args: [retentionPolicyOf(config)],
  };
  const spec = { intervals: [{ every: `${config.RETENTION_INTERVAL_HOURS} hours` as const }] };
  const policies = { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: '1 day' as const };
  try {
    await client.schedule.create({ scheduleId: RETENTION_SCHEDULE_ID, spec, action, policies });
  } catch (error) {
    if (!(error instanceof ScheduleAlreadyRunning)) throw error;
    await client.schedule.getHandle(RETENTION_SCHEDULE_ID).update((previous) => ({ ...previous, spec, action, policies }));
  }
}
