import { createEnqueueEmail } from '../../activities/email/enqueue-email';
import { emailJobId, type EmailRequest } from '../../contracts';
import { outboxIdFor } from '../../email/outbox';
import { SystemHarness } from '../support/system-harness';

const ANNA = 'anna-token-for-tests-0123456789';
const BOARD = '/operator/queues';

const welcome = (key: string): EmailRequest => ({
  key,
  template: 'password-reset',
  to: 'giulia.bianchi@example.it',
  locale: 'it',
  data: { displayName: 'Giulia Bianchi', username: '1234567@aruba.it', resetUrl: 'http://localhost:3000/recupero/nuova-password?token=t', expiresInMinutes: 30 },
});

/** bull-board on the API for operators: an abandoned e-mail is seen, then retried through its outbox row. */
describe('the queue dashboard on the real stack', () => {
  const system = new SystemHarness();
  beforeAll(() => system.startSystem({ temporalWorker: false, overrides: { OPERATOR_TOKENS: `anna:${ANNA}`, EMAIL_MAX_ATTEMPTS: '2' } }), 60_000);
  afterAll(() => system.stop());

  const get = (path: string, headers: Record<string, string> = {}) => fetch(system.url(path), { headers, redirect: 'manual' });

  it('lets only operators in: Bearer, or the cookie signed in from a token', async () => {
    expect((await get(`${BOARD}/api/queues`)).status).toBe(401);
    expect((await get(`${BOARD}/api/queues`, { authorization: 'Bearer not-a-token-of-anyone' })).status).toBe(401);
    const page = await get(`${BOARD}/`, { accept: 'text/html' });
    expect(page.status).toBe(303);
    expect(page.headers.get('location')).toBe(`${BOARD}/sign-in`);
    expect((await get(`${BOARD}/`, { authorization: `Bearer ${ANNA}`, accept: 'text/html' })).status).toBe(200);

    const refused = await fetch(system.url(`${BOARD}/sign-in`), { method: 'POST', body: new URLSearchParams({ token: 'wrong-token-0123456789' }), redirect: 'manual' });
    expect(refused.status).toBe(401);
    const signedIn = await fetch(system.url(`${BOARD}/sign-in`), { method: 'POST', body: new URLSearchParams({ token: ANNA }), redirect: 'manual' });
    expect(signedIn.status).toBe(303);
    const cookie = signedIn.headers.get('set-cookie')!.split(';')[0]!;
    expect(cookie).not.toContain(ANNA);
    expect(signedIn.headers.get('set-cookie')).toMatch(/HttpOnly/i);
    expect((await get(`${BOARD}/api/queues`, { cookie })).status).toBe(200);
    expect((await get(`${BOARD}/api/queues`, { cookie: `${cookie.split('.')[0]}.9999999999999.forged` })).status).toBe(401);
  });

  it('shows an abandoned e-mail and retries it through the outbox, recording the operator', async () => {
    const operator = { authorization: `Bearer ${ANNA}` };
    system.sink.policy = () => ({ code: 451, message: 'try again later' });
    const key = `dashboard-${Date.now()}`;
    await createEnqueueEmail({ outbox: system.outbox, emailQueue: system.queue })(welcome(key));
    await system.drained();
    const outboxId = outboxIdFor(key);
    expect(await system.outbox.find(outboxId)).toMatchObject({ status: 'abandoned' });

    const listed = (await (await get(`${BOARD}/api/queues?activeQueue=email&status=failed`, operator)).json()) as { queues: Array<{ name: string; jobs: Array<{ id: string }> }> };
    expect(listed.queues.find((q) => q.name === 'email')!.jobs.map((job) => job.id)).toContain(emailJobId(outboxId));

    // Only retries: nothing else on the board changes the queue.
    const clean = await fetch(system.url(`${BOARD}/api/queues/email/${emailJobId(outboxId)}/clean`), { method: 'PUT', headers: operator });
    expect(clean.status).toBe(403);

    system.sink.policy = () => ({ accept: true });
    system.sink.clear();
    const retried = await fetch(system.url(`${BOARD}/api/queues/email/${emailJobId(outboxId)}/retry`), { method: 'PUT', headers: operator });
    expect(retried.status).toBe(204);
    await system.sink.waitForMessages(1);
    await system.drained();
    expect(await system.outbox.find(outboxId)).toMatchObject({ status: 'sent', reopenings: [expect.objectContaining({ by: 'anna' })] });

    // A second retry of a sent e-mail is refused by the outbox row, whatever the job says.
    const again = await fetch(system.url(`${BOARD}/api/queues/email/${emailJobId(outboxId)}/retry`), { method: 'PUT', headers: operator });
    expect(again.status).toBe(409);
  });
});
