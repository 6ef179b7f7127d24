import express from 'express';
import mongoose from 'mongoose';
import { errorHandler } from '../../api/errors';
import { pageRoutes } from '../../api/pages';
import { useSessionCookiePolicy } from '../../api/session-auth';
import { createLogger } from '../../logging/logger';
import { listen } from '../support/http';

/**
 * The pages against the privileged-session contract (API.md Amendments): a sensitive change the
 * API refuses with 403 `reauthentication_required` asks for the password again, renews the
 * sign-in with `POST /api/v1/session/reauthentication`, then makes the change. The API is stubbed
 * here to its contract; the real one is exercised by the browser tests.
 */
describe('pages asking for the password again', () => {
  let fresh = false;
  const calls: string[] = [];
  const app = express();
  useSessionCookiePolicy(app, { name: 'sid', alwaysSecure: false });
  app.use(express.json());
  app.get('/api/v1/me', (_req, res) => void res.json({ username: '1234567@aruba.it', profile: { subjectType: 'persona_fisica', holder: { firstName: 'Mario' }, address: {}, phone: '', email: 'm@example.it', consents: [] }, logins: ['1234567@aruba.it'] }));
  app.get(['/api/v1/me/orders', '/api/v1/me/services'], (_req, res) => void res.json([]));
  app.post('/api/v1/session/reauthentication', (req, res) => {
    calls.push(`reauthentication ${(req.body as { password: string }).password}`);
    if ((req.body as { password: string }).password !== 'Giusta-Password-1') return void res.status(401).json({ error: { code: 'invalid_credentials', message: 'Username o password non corretti.' } });
    fresh = true;
    res.json({ username: '1234567@aruba.it' });
  });
  const sensitive = (name: string, status: number, body: unknown) => (req: express.Request, res: express.Response) => {
    calls.push(`${name} ${JSON.stringify(req.body)}`);
    if (!fresh) return void res.status(403).json({ error: { code: 'reauthentication_required', message: 'Accedi di nuovo.' } });
    res.status(status).json(body);
  };
  app.post('/api/v1/me/logins', sensitive('logins', 202, { requestId: '0e6c1c8e-1b7e-4a55-a0f3-0d3c5b3f2a11', step: 'confirm' }));
  app.patch('/api/v1/me/profile', sensitive('profile', 200, {}));
  app.use(pageRoutes({ sessionSecret: 'test-secret', mongo: mongoose.createConnection(), logger: createLogger('silent', 'test') }));
  app.use(errorHandler(createLogger('silent', 'test')));

  let server: Awaited<ReturnType<typeof listen>>;
  beforeAll(async () => {
    server = await listen(app);
  });
  afterAll(() => server.close());
  beforeEach(() => {
    fresh = false;
    calls.length = 0;
  });

  /** Opens a page like a browser: the CSRF cookie and the form's token. */
  async function openForm(path: string): Promise<{ cookie: string; token: string }> {
    const res = await fetch(server.url(path), { headers: { cookie: 'sid=s1' } });
    const cookie = res.headers.get('set-cookie')!.split(';')[0]!;
    const token = /name="_csrf" value="([^"]+)"/.exec(await res.text())![1]!;
    return { cookie: `sid=s1; ${cookie}`, token };
  }
  const submit = (path: string, form: { cookie: string; token: string }, fields: Record<string, string>) =>
    fetch(server.url(path), { method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: form.cookie }, body: new URLSearchParams({ _csrf: form.token, ...fields }).toString() });

  it('"Crea nuova login" after an old sign-in: the password is asked, a wrong one is shown at its field, the right one goes on', async () => {
    const form = await openForm('/area-clienti/nuova-login');
    const chosen = { password: 'Nuova-Login-2026!', passwordConfirmation: 'Nuova-Login-2026!' };
    const asked = await submit('/area-clienti/nuova-login', form, chosen);
    expect(asked.status).toBe(403);
    const askedPage = await asked.text();
    expect(askedPage).toContain('id="f-currentPassword"');
    expect(askedPage).not.toContain('Nuova-Login-2026!');

    const wrong = await submit('/area-clienti/nuova-login', form, { ...chosen, currentPassword: 'sbagliata' });
    expect(wrong.status).toBe(401);
    expect(await wrong.text()).toContain('<p class="field-error" id="f-currentPassword-error">Username o password non corretti.</p>');

    const right = await submit('/area-clienti/nuova-login', form, { ...chosen, currentPassword: 'Giusta-Password-1' });
    expect(right.status).toBe(303);
    expect(right.headers.get('location')).toBe('/area-clienti/nuova-login/0e6c1c8e-1b7e-4a55-a0f3-0d3c5b3f2a11');
    expect(calls).toEqual([
      `logins ${JSON.stringify(chosen)}`,
      'reauthentication sbagliata',
      'reauthentication Giusta-Password-1',
      `logins ${JSON.stringify(chosen)}`,
    ]);
  });

  it('a new contact e-mail after an old sign-in: the typed e-mail is kept while the password is asked', async () => {
    const form = await openForm('/area-clienti');
    const email = { email: 'nuova@example.it', emailConfirmation: 'nuova@example.it' };
    const asked = await submit('/area-clienti/profilo/email', form, email);
    expect(asked.status).toBe(403);
    const page = await asked.text();
    expect(page).toContain('value="nuova@example.it"');
    expect(page).toContain('id="f-currentPassword"');
    const done = await submit('/area-clienti/profilo/email', form, { ...email, currentPassword: 'Giusta-Password-1' });
    expect(done.status).toBe(303);
    expect(calls.at(-1)).toBe(`profile ${JSON.stringify(email)}`);
  });
});
