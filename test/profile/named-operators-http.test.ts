import { auditEventModel } from '../../customers/audit-event-model';
import { personForm } from '../support/registration-samples';
import { profileWithLogins, type SignedInLogin } from '../support/shared-profile';
import { SystemHarness } from '../support/system-harness';

const ANNA = 'anna-token-for-tests-0123456789';
const MARCO = 'marco-token-for-tests-0123456789';
const OLD_SINGLE_TOKEN = 'operator-token-for-tests-0123456789';

/** Each operator has a token of their own, and the audit trail names who decided. */
describe('named operators on the real stack (OPERATOR_TOKENS)', () => {
  const system = new SystemHarness();
  beforeAll(() => system.startSystem({ overrides: { OPERATOR_TOKENS: `anna:${ANNA},marco:${MARCO}`, OPERATOR_TOKEN: OLD_SINGLE_TOKEN } }), 60_000);
  afterAll(() => system.stop());

  it("records the decision with the deciding operator's id; other tokens get 401", async () => {
    const { logins } = await profileWithLogins(system, personForm, 1);
    const [login] = logins as [SignedInLogin];
    const asked = await system.request('POST', '/api/v1/me/corrections', { field: 'holder.lastName', value: 'Russo', reason: 'Cognome sbagliato' }, { cookie: login.cookie });
    const { correctionId } = asked.body;
    const decisionPath = `/api/v1/operator/corrections/${correctionId}/decision`;

    for (const token of [OLD_SINGLE_TOKEN, `${MARCO}0`, 'marco']) {
      expect((await system.request('POST', decisionPath, { approve: false }, { authorization: `Bearer ${token}` })).status).toBe(401);
    }
    const decided = await system.request('POST', decisionPath, { approve: false, note: 'Documento diverso' }, { authorization: `Bearer ${MARCO}` });
    expect(decided).toMatchObject({ status: 200, body: { status: 'rejected', decidedBy: 'marco' } });
    expect(await auditEventModel(system.mongo).find({ correctionId }).lean()).toEqual([expect.objectContaining({ actor: 'marco', decision: 'rejected' })]);
    // Anna reads the same list with her own token.
    expect((await system.request('GET', '/api/v1/operator/corrections', undefined, { authorization: `Bearer ${ANNA}` })).body).toContainEqual(expect.objectContaining({ correctionId, decidedBy: 'marco' }));
  });
});
