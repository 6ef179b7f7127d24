import { RETENTION_SCHEDULE_ID } from '../../contracts';
import { ensureRetentionSchedule } from '../../temporal/retention-schedule';
import { SystemHarness } from '../support/system-harness';

describe('the retention schedule', () => {
  const system = new SystemHarness();
  beforeAll(() => system.startSystem(), 60_000);
  afterAll(async () => {
    await system.temporal.client.schedule.getHandle(RETENTION_SCHEDULE_ID).delete().catch(() => undefined);
    await system.stop();
  });

  it('is declared once, updated with a changed policy, and its run applies the policy through the worker', async () => {
    const config = { ...system.config, RETENTION_INTERVAL_HOURS: 24 };
    await ensureRetentionSchedule(system.temporal.client, config);
    await ensureRetentionSchedule(system.temporal.client, { ...config, OUTBOX_RETENTION_DAYS: 7 });
    const handle = system.temporal.client.schedule.getHandle(RETENTION_SCHEDULE_ID);
    const described = await handle.describe();
    expect(described.action).toMatchObject({ workflowType: 'retention', taskQueue: system.config.TEMPORAL_TASK_QUEUE });
    expect((described.action as { args: unknown[] }).args).toEqual([{ outboxDays: 7, auditDays: 3650, unregisteredOrderDays: 365 }]);

    await handle.trigger();
    const deadline = Date.now() + 20_000;
    let runId: string | undefined;
    while (!runId && Date.now() < deadline) {
      runId = (await handle.describe()).info.recentActions[0]?.action.workflow.workflowId;
      if (!runId) await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(await system.temporal.client.workflow.getHandle(runId!).result()).toEqual({ outboxRows: 0, auditEvents: 0, orders: 0 });
  });
});
