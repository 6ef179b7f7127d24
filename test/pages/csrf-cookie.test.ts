import express from 'express';
import mongoose from 'mongoose';
import { errorHandler } from '../../api/errors';
import { pageRoutes } from '../../api/pages';
import { useSessionCookiePolicy, type SessionCookiePolicy } from '../../api/session-auth';
import { createLogger } from '../../logging/logger';
import { listen } from '../support/http';

/**
 * The pages' CSRF cookie follows the session cookie's policy (api/session-auth.ts): `__Host-csrf`,
 * always Secure, where the session cookie is `__Host-sid`; `csrf` in development over http. The
 * API is stubbed to the one call the form makes (`POST /api/v1/recovery/password`).
 */
describe.each([
  [{ name: 'sid', alwaysSecure: false }, 'csrf', 'csrf=%s; Path=/; HttpOnly; SameSite=Lax'],
  [{ name: '__Host-sid', alwaysSecure: true }, '__Host-csrf', '__Host-csrf=%s; Path=/; HttpOnly; Secure; SameSite=Lax'],
] as [SessionCookiePolicy, string, string][])('with the session cookie %j, the CSRF cookie is %s', (policy, cookieName, setCookie) => {
  const app = express();
  useSessionCookiePolicy(app, policy);
  app.use(express.json());
  app.post('/api/v1/recovery/password', (_req, res) => void res.status(202).json({ status: 'accepted' }));
  app.use(pageRoutes({ sessionSecret: 'test-secret', mongo: mongoose.createConnection(), logger: createLogger('silent', 'test') }));
  app.use(errorHandler(createLogger('silent', 'test')));
  let server: Awaited<ReturnType<typeof listen>>;
  beforeAll(async () => {
    server = await listen(app);
  });
  afterAll(() => server.close());

  const post = (cookie: string, token: string) =>
    fetch(server.url('/recupero/password'), { method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded', cookie }, body: new URLSearchParams({ _csrf: token, username: '1234567@aruba.it' }).toString() });

  it('is set with the attributes of the policy, and a form posted with it goes through', async () => {
    const page = await fetch(server.url('/recupero'));
    const id = /=([^;]+);/.exec(page.headers.get('set-cookie')!)![1]!;
    expect(page.headers.get('set-cookie')).toBe(setCookie.replace('%s', id));
    const token = /name="_csrf" value="([^"]+)"/.exec(await page.text())![1]!;
    expect((await post(`${cookieName}=${id}`, token)).status).toBe(303);
  });

  it('a pair under the other name is not taken for it', async () => {
    const page = await fetch(server.url('/recupero'));
    const id = /=([^;]+);/.exec(page.headers.get('set-cookie')!)![1]!;
    const token = /name="_csrf" value="([^"]+)"/.exec(await page.text())![1]!;
    const other = cookieName === 'csrf' ? '__Host-csrf' : 'csrf';
    expect((await post(`${other}=${id}`, token)).status).toBe(403);
  });
});
