import { createHash } from 'node:crypto';
import { signupWorkflowId } from '../../contracts';
import { personForm } from '../support/registration-samples';
import { SystemHarness } from '../support/system-harness';

const PASSWORD = 'Tramonto-Sul-Lago-42';
const STRANGER_PASSWORD = 'Preso-Da-Uno-Sconosciuto-7';

/** A finished signup is never reopened: one run per flow id, for ever, and its login keeps its password. */
describe('a finished signup and its Idempotency-Key, on the real stack', () => {
  const system = new SystemHarness();
  beforeAll(() => system.startSystem(), 60_000);
  afterAll(() => system.stop());

  const completedSignup = async (key: string) => {
    const form = { ...personForm, email: `${key}@example.it`, emailConfirmation: `${key}@example.it` };
    const submitted = await system.request('POST', '/api/v1/signups', form, { 'idempotency-key': key });
    expect(submitted.status).toBe(201);
    const done = await system.request('POST', `/api/v1/signups/${submitted.body.signupId}/password`, { password: PASSWORD, passwordConfirmation: PASSWORD });
    expect(done.status).toBe(200);
    await system.temporal.client.workflow.getHandle(signupWorkflowId(submitted.body.signupId)).result();
    return { form, signupId: submitted.body.signupId as string, username: submitted.body.username as string };
  };

  it('the same key and form after the signup finished: 409, no new run, the login and its password untouched', async () => {
    const key = `reopen-${Date.now()}`;
    const { form, signupId, username } = await completedSignup(key);
    const login = await system.logins.findById(username).lean();
    const counts = { profiles: await system.profiles.countDocuments(), logins: await system.logins.countDocuments() };

    const again = await system.request('POST', '/api/v1/signups', form, { 'idempotency-key': key });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('signup_completed');
    // Nothing to set a password on: the finished run stays finished.
    const takeover = await system.request('POST', `/api/v1/signups/${signupId}/password`, { password: STRANGER_PASSWORD, passwordConfirmation: STRANGER_PASSWORD });
    expect(takeover.status).toBe(409);

    expect(await system.logins.findById(username).lean()).toMatchObject({ status: 'active', passwordHash: login!.passwordHash });
    expect({ profiles: await system.profiles.countDocuments(), logins: await system.logins.countDocuments() }).toEqual(counts);
    const runs = [];
    for await (const run of system.temporal.client.workflow.list({ query: `WorkflowId = '${signupWorkflowId(signupId)}'` })) runs.push(run.runId);
    expect(runs).toHaveLength(1);
  });

  it('the same key with another form after the signup finished: 409 too', async () => {
    const key = `reopen-other-${Date.now()}`;
    await completedSignup(key);
    const stranger = { ...personForm, email: 'stranger@example.com', emailConfirmation: 'stranger@example.com' };
    const res = await system.request('POST', '/api/v1/signups', stranger, { 'idempotency-key': key });
    expect(res.status).toBe(409);
  });

  it('the signup id cannot be derived from the Idempotency-Key alone', async () => {
    const key = `derive-${Date.now()}`;
    const { body } = await system.request('POST', '/api/v1/signups', { ...personForm, email: `${key}@example.it`, emailConfirmation: `${key}@example.it` }, { 'idempotency-key': key });
    const hex = createHash('sha256').update(`signup:${key}`).digest('hex');
    const unkeyed = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
    expect(body.signupId).toMatch(/^[0-9a-f-]{36}$/);
    expect(body.signupId).not.toBe(unkeyed);
  });
});
