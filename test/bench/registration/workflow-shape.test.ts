import { temporal } from '@temporalio/proto';
import { describeShape, shapeOfHistory } from '../../../bench/registration/workflow-shape';

const E = temporal.api.enums.v1.EventType;
const task = [E.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED, E.EVENT_TYPE_WORKFLOW_TASK_STARTED, E.EVENT_TYPE_WORKFLOW_TASK_COMPLETED];
const activity = [E.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED, E.EVENT_TYPE_ACTIVITY_TASK_STARTED, E.EVENT_TYPE_ACTIVITY_TASK_COMPLETED];
const localActivity = { eventType: E.EVENT_TYPE_MARKER_RECORDED, markerRecordedEventAttributes: { markerName: 'core_local_activity' } };
const events = (...types: Array<number | object>) => types.map((t) => (typeof t === 'number' ? { eventType: t } : t));

describe("the signup's shape, counted from its history", () => {
  it('counts workflow tasks and timers, and the activities scheduled after each Update was accepted', () => {
    const history = {
      events: events(
        E.EVENT_TYPE_WORKFLOW_EXECUTION_STARTED,
        ...task,
        E.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED,
        E.EVENT_TYPE_TIMER_STARTED,
        ...activity,
        ...task,
        ...activity,
        ...task,
        E.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_COMPLETED,
        ...task,
        E.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED,
        localActivity,
        localActivity,
        { eventType: E.EVENT_TYPE_MARKER_RECORDED, markerRecordedEventAttributes: { markerName: 'Version' } },
        E.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_COMPLETED,
        E.EVENT_TYPE_TIMER_CANCELED,
        E.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED,
      ),
    };
    const shape = shapeOfHistory(history);
    expect(shape).toEqual({
      workflowTasks: 4,
      timers: 1,
      phases: [
        { activities: 0, localActivities: 0 },
        { activities: 2, localActivities: 0 },
        { activities: 0, localActivities: 2 },
      ],
    });
    expect(describeShape(shape)).toBe('4 workflow tasks, 1 timer(s), 2 updates (start: 0 act; update 1: 2 act; update 2: 0 act + 2 local)');
  });
});
