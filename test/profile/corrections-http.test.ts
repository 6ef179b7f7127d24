import { auditEventModel } from '../../customers/audit-event-model';
import { profileCorrectionModel } from '../../customers/correction-model';
import { codiceFiscaleCheckCharacter } from '../../domain/registration';
import { personForm } from '../support/registration-samples';
import { profileWithLogins, type SignedInLogin } from '../support/shared-profile';
import { SystemHarness } from '../support/system-harness';

const OPERATOR_TOKEN = 'operator-token-for-tests-0123456789';
const operator = { authorization: `Bearer ${OPERATOR_TOKEN}` };
/** Mario Rossi born on 2 January 1980 instead of the 1st: a typo in the codice fiscale. */
const CORRECTED_TAX_CODE = `RSSMRA80A02H501${codiceFiscaleCheckCharacter('RSSMRA80A02H501')}`;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe('holder-data corrections through HTTP on the real stack (request, operator decision, e-mail, audit)', () => {
  const system = new SystemHarness();
  beforeAll(() => system.startSystem({ overrides: { OPERATOR_TOKEN, SIGN_IN_RATE_LIMIT_PER_MINUTE: '100000' } }), 60_000);
  afterAll(() => system.stop());

  const corrections = () => profileCorrectionModel(system.mongo);
  const auditEvents = () => auditEventModel(system.mongo);
  const ask = (login: SignedInLogin, body: unknown, headers: Record<string, string> = {}) => system.request('POST', '/api/v1/me/corrections', body, { cookie: login.cookie, ...headers });
  const decideOn = (correctionId: string, body: unknown) => system.request('POST', `/api/v1/operator/corrections/${correctionId}/decision`, body, operator);
  const pendingIds = async () => ((await system.request('GET', '/api/v1/operator/corrections?status=pending', undefined, operator)).body as Array<{ correctionId: string }>).map((c) => c.correctionId);

  /** A customer whose signup e-mail has gone, so the sink holds only what follows. */
  async function customer(logins: number) {
    const created = await profileWithLogins(system, personForm, logins);
    await system.sink.waitForMessages(1);
    await system.drained();
    system.sink.clear();
    return created;
  }

  it('approved: the holder changes for every login, the decision is audited (who, when, old → new) and e-mailed', async () => {
    const { profileId, logins } = await customer(2);
    const [first, second] = logins as [SignedInLogin, SignedInLogin];
    const asked = await ask(second, { field: 'holder.taxCode', value: CORRECTED_TAX_CODE.toLowerCase(), reason: 'Ho sbagliato il giorno di nascita' });
    expect(asked).toEqual({ status: 202, body: { correctionId: expect.stringMatching(UUID), status: 'pending' } });
    const { correctionId } = asked.body;

    const listed = (await system.request('GET', '/api/v1/operator/corrections?status=pending', undefined, operator)).body;
    expect(listed).toContainEqual(
      expect.objectContaining({ correctionId, profileId, field: 'holder.taxCode', oldValue: 'RSSMRA80A01H501U', newValue: CORRECTED_TAX_CODE, reason: 'Ho sbagliato il giorno di nascita', requestedBy: second.username, status: 'pending' }),
    );

    const decided = await decideOn(correctionId, { approve: true, note: 'Verificato sul documento' });
    expect(decided.status).toBe(200);
    expect(decided.body).toMatchObject({ correctionId, status: 'approved', decidedBy: 'operator', field: 'holder.taxCode' });

    for (const login of [first, second]) {
      expect((await system.request('GET', '/api/v1/me', undefined, { cookie: login.cookie })).body.profile).toMatchObject({ holder: { ...personForm.holder, taxCode: CORRECTED_TAX_CODE }, version: 2 });
    }
    const audit = await auditEvents().find({ correctionId }).lean();
    expect(audit).toEqual([
      expect.objectContaining({ kind: 'holder_correction', actor: 'operator', at: expect.any(Date), profileId, field: 'holder.taxCode', oldValue: 'RSSMRA80A01H501U', newValue: CORRECTED_TAX_CODE, decision: 'approved', note: 'Verificato sul documento' }),
    ]);
    expect(await corrections().findById(correctionId).lean()).toMatchObject({ status: 'approved', decidedBy: 'operator', decidedAt: expect.any(Date) });

    const [mail] = await system.sink.waitForMessages(1);
    expect(mail!.envelopeTo).toEqual([personForm.email]);
    expect(mail!.parsed.subject).toBe('Richiesta di correzione dati: esito');
    expect(mail!.parsed.text).toContain('Gentile Mario Rossi');
    expect(mail!.parsed.text).toContain('è stata approvata: il campo "codice fiscale" è stato aggiornato');
    expect(mail!.parsed.text).toContain("Nota dell'operatore: Verificato sul documento");
    expect(mail!.raw).not.toContain(CORRECTED_TAX_CODE);

    expect(await decideOn(correctionId, { approve: false })).toMatchObject({ status: 409, body: { error: { code: 'correction_decided' } } });
    expect(await pendingIds()).not.toContain(correctionId);
    await system.drained();
    expect(system.sink.messages).toHaveLength(1);
  });

  it('rejected: the holder stays as it is, and the customer reads the operator’s note', async () => {
    const { profileId, logins } = await customer(1);
    const [login] = logins as [SignedInLogin];
    const asked = await ask(login, { field: 'holder.lastName', value: 'Russo', reason: 'Cognome sbagliato' });
    expect(asked.status).toBe(202);
    const decided = await decideOn(asked.body.correctionId, { approve: false, note: 'Serve un documento di identità' });
    expect(decided.body).toMatchObject({ status: 'rejected', decidedBy: 'operator' });

    expect(await system.profiles.findById(profileId).lean()).toMatchObject({ holder: personForm.holder, version: 1 });
    expect(await auditEvents().findOne({ correctionId: asked.body.correctionId }).lean()).toMatchObject({ actor: 'operator', decision: 'rejected', oldValue: 'Rossi', newValue: 'Russo' });
    const [mail] = await system.sink.waitForMessages(1);
    expect(mail!.parsed.text).toContain('la tua richiesta di correzione del campo "cognome" non è stata accolta');
    expect(mail!.parsed.text).toContain("Nota dell'operatore: Serve un documento di identità");
  });

  it('checks the corrected value by the signup rules for the profile’s subject type (422), and starts nothing', async () => {
    const { logins } = await customer(1);
    const [login] = logins as [SignedInLogin];
    const before = await corrections().countDocuments();
    const cases: Array<[object, object]> = [
      [{ field: 'holder.taxCode', value: 'RSSMRA80A02H501A', reason: 'typo' }, { path: 'value', rule: 'checksum' }],
      [{ field: 'holder.taxCode', value: '00488410010', reason: 'typo' }, { path: 'value', rule: 'personal_tax_code' }],
      [{ field: 'holder.companyName', value: 'Rossi S.r.l.', reason: 'typo' }, { path: 'field', rule: 'not_allowed' }],
      [{ field: 'holder.firstName', value: '  Mario ', reason: 'typo' }, { path: 'value', rule: 'unchanged' }],
      [{ field: 'holder.firstName', value: 'M4rio', reason: 'typo' }, { path: 'value', rule: 'format' }],
      [{ field: 'address.city', value: 'Roma', reason: 'typo' }, { path: 'field', rule: 'one_of' }],
      [{ field: 'holder.firstName', value: 'Marco' }, { path: 'reason', rule: 'required' }],
    ];
    for (const [body, problem] of cases) {
      const res = await ask(login, body);
      expect(res.status).toBe(422);
      expect(res.body.error.fields).toEqual([expect.objectContaining(problem)]);
    }
    expect(await corrections().countDocuments()).toBe(before);
  });

  it('honours Idempotency-Key: the same request is the same correction; another body, or a repeat after the decision, is refused', async () => {
    const { logins } = await customer(1);
    const [login] = logins as [SignedInLogin];
    const body = { field: 'holder.firstName', value: 'Marco', reason: 'Nome sbagliato' };
    const key = { 'idempotency-key': 'k-1' };
    const [a, b] = await Promise.all([ask(login, body, key), ask(login, body, key)]);
    expect(a).toEqual({ status: 202, body: { correctionId: expect.stringMatching(UUID), status: 'pending' } });
    expect(b.body).toEqual(a.body);
    expect(await ask(login, { ...body, value: 'Luca' }, key)).toMatchObject({ status: 409, body: { error: { code: 'idempotency_key_reused' } } });
    expect((await pendingIds()).filter((id) => id === a.body.correctionId)).toHaveLength(1);
    // Once decided, the key names a finished request: repeating it starts nothing new.
    expect((await decideOn(a.body.correctionId, { approve: false })).status).toBe(200);
    expect(await ask(login, body, key)).toMatchObject({ status: 409, body: { error: { code: 'correction_decided' } } });
    expect(await corrections().countDocuments({ _id: a.body.correctionId })).toBe(1);
  });

  it('guards the operator endpoints with the operator token, and answers unknown ids and bad filters clearly', async () => {
    expect((await system.request('GET', '/api/v1/operator/corrections')).status).toBe(401);
    expect((await system.request('POST', '/api/v1/operator/corrections/00000000-0000-4000-a000-000000000000/decision', { approve: true }, { authorization: 'Bearer nope' })).status).toBe(401);
    expect((await decideOn('00000000-0000-4000-a000-000000000000', { approve: true })).status).toBe(404);
    expect((await decideOn('not-a-uuid', { approve: true })).status).toBe(404);
    expect((await decideOn('00000000-0000-4000-a000-000000000000', { approve: 'yes' })).body.error.fields).toEqual([expect.objectContaining({ path: 'approve', rule: 'type' })]);
    const badFilter = await system.request('GET', '/api/v1/operator/corrections?status=maybe', undefined, operator);
    expect(badFilter.status).toBe(422);
    expect(badFilter.body.error.fields).toEqual([expect.objectContaining({ path: 'status', rule: 'one_of' })]);
    expect((await system.request('POST', '/api/v1/me/corrections', { field: 'holder.firstName', value: 'Marco', reason: 'x' })).status).toBe(401);
  });
});
