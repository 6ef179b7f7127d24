import { decisionFrom } from '../../../workflows/corrections/decision-payload';

describe('a correction decision as it arrives', () => {
  it("through the API's Update: the operator id the API authenticated is kept, and one is required", () => {
    expect(decisionFrom({ approve: true, note: ' ok ', operator: 'marco' })).toEqual({ approve: true, note: 'ok', operator: 'marco' });
    expect(decisionFrom({ approve: true })).toBeUndefined();
  });

  it('as a Signal from the Temporal UI: whatever name is typed is recorded as unverified', () => {
    expect(decisionFrom({ approve: false, operator: 'marco' }, 'signal')).toEqual({ approve: false, operator: 'unverified:marco' });
    expect(decisionFrom({ approve: true }, 'signal')).toEqual({ approve: true, operator: 'unverified:unnamed' });
    expect(decisionFrom({ approve: 'yes', operator: 'marco' }, 'signal')).toBeUndefined();
    expect(decisionFrom('approve', 'signal')).toBeUndefined();
  });
});
