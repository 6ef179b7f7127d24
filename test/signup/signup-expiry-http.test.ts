import { personForm } from '../support/registration-samples';
import { SystemHarness } from '../support/system-harness';

const PASSWORD = 'Tramonto-Sul-Lago-42';

describe('an abandoned signup through HTTP on the real stack', () => {
  // Signups here expire after 3 seconds.
  const system = new SystemHarness();
  beforeAll(() => system.startSystem({ overrides: { SIGNUP_EXPIRY_MINUTES: '0.05' } }), 60_000);
  afterAll(() => system.stop());

  it('expires, gives back its username and profile, and answers a late password with 409', async () => {
    const { body } = await system.request('POST', '/api/v1/signups', personForm);
    expect(await system.logins.findById(body.username).lean()).toMatchObject({ status: 'reserved' });

    const deadline = Date.now() + 30_000;
    let state = (await system.request('GET', `/api/v1/signups/${body.signupId}`)).body;
    while (state.step !== 'expired' && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      state = (await system.request('GET', `/api/v1/signups/${body.signupId}`)).body;
    }
    expect(state).toEqual({ signupId: body.signupId, step: 'expired', username: body.username });

    const late = await system.request('POST', `/api/v1/signups/${body.signupId}/password`, { password: PASSWORD, passwordConfirmation: PASSWORD });
    expect(late.status).toBe(409);
    expect(late.body.error.code).toBe('signup_expired');
    expect(await system.logins.findById(body.username).lean()).toBeNull();
    expect(await system.profiles.countDocuments()).toBe(0);
    await system.drained();
    expect(system.sink.messages).toHaveLength(0);
  }, 60_000);
});
