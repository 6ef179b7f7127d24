import { auditEventModel } from '../../customers/audit-event-model';
import { profileCorrectionModel } from '../../customers/correction-model';
import { formsBySubjectType } from '../support/registration-samples';
import { profileWithLogins, type SignedInLogin } from '../support/shared-profile';
import { SystemHarness } from '../support/system-harness';

const OPERATOR_TOKEN = 'operator-token-for-tests-0123456789';

describe('a correction nobody decides, through HTTP on the real stack', () => {
  // Corrections here are rejected automatically after 3.6 seconds.
  const system = new SystemHarness();
  beforeAll(() => system.startSystem({ overrides: { OPERATOR_TOKEN, CORRECTION_DEADLINE_HOURS: '0.001', SIGN_IN_RATE_LIMIT_PER_MINUTE: '100000' } }), 60_000);
  afterAll(() => system.stop());

  it('expires at the deadline: rejected by `system`, audited, e-mailed, the holder unchanged, a late decision refused', async () => {
    const form = formsBySubjectType.azienda;
    const { profileId, logins } = await profileWithLogins(system, form, 1);
    const [login] = logins as [SignedInLogin];
    await system.sink.waitForMessages(1);
    await system.drained();
    system.sink.clear();

    const asked = await system.request('POST', '/api/v1/me/corrections', { field: 'holder.companyName', value: 'Olivetti S.r.l.', reason: 'Forma societaria errata' }, { cookie: login.cookie });
    expect(asked.status).toBe(202);
    const { correctionId } = asked.body;
    const corrections = profileCorrectionModel(system.mongo);

    const deadline = Date.now() + 30_000;
    let correction = await corrections.findById(correctionId).lean();
    while (correction?.status !== 'expired' && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      correction = await corrections.findById(correctionId).lean();
    }
    expect(correction).toMatchObject({ status: 'expired', decidedBy: 'system', cause: 'expired' });
    expect(await auditEventModel(system.mongo).findOne({ correctionId }).lean()).toMatchObject({ actor: 'system', decision: 'expired', oldValue: 'Olivetti S.p.A.', newValue: 'Olivetti S.r.l.' });
    expect(await system.profiles.findById(profileId).lean()).toMatchObject({ holder: form.holder, version: 1 });

    const [mail] = await system.sink.waitForMessages(1);
    expect(mail!.envelopeTo).toEqual([form.email]);
    expect(mail!.parsed.text).toContain('Gentile Olivetti S.p.A.');
    expect(mail!.parsed.text).toContain('la tua richiesta di correzione del campo "ragione sociale" non è stata accolta');
    expect(mail!.parsed.text).toContain('Nessuna decisione entro il termine previsto.');

    const late = await system.request('POST', `/api/v1/operator/corrections/${correctionId}/decision`, { approve: true }, { authorization: `Bearer ${OPERATOR_TOKEN}` });
    expect(late).toMatchObject({ status: 409, body: { error: { code: 'correction_decided' } } });
    const expired = (await system.request('GET', '/api/v1/operator/corrections?status=expired', undefined, { authorization: `Bearer ${OPERATOR_TOKEN}` })).body;
    expect(expired).toEqual([expect.objectContaining({ correctionId, status: 'expired', decidedBy: 'system' })]);
  }, 60_000);
});
