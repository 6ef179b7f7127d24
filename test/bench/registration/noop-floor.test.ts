import { meanOfNoop, type NoopFloor } from '../../../bench/registration/noop-floor';

const floor = (over: Partial<NoopFloor>): NoopFloor => ({
  shape: '2 workflow tasks',
  workflowsPerSecond: 30,
  updatesMs: [[10, 20], [30]],
  cpuMsPerWorkflow: { 'Temporal server': 30, 'no-op worker': 20, client: 4 },
  totalCpuMsPerWorkflow: 54,
  ...over,
});

describe("the no-op floor's mean of before and after", () => {
  it('averages the rate and each process, sums nothing twice, and keeps every Update latency', () => {
    const before = floor({ workflowsPerSecond: 20, cpuMsPerWorkflow: { 'Temporal server': 40, 'no-op worker': 30, client: 6 }, totalCpuMsPerWorkflow: 76, updatesMs: [[5], [7, 8]] });
    const after = floor({});
    expect(meanOfNoop(before, after)).toEqual({
      shape: '2 workflow tasks',
      workflowsPerSecond: 25,
      updatesMs: [[5, 10, 20], [7, 8, 30]],
      cpuMsPerWorkflow: { 'Temporal server': 35, 'no-op worker': 25, client: 5 },
      totalCpuMsPerWorkflow: 65,
    });
  });
});
