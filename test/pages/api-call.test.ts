import express from 'express';
import { ValidationError } from '../../domain/errors';
import { errorHandler } from '../../api/errors';
import { callApi } from '../../api/pages/api-call';
import { createLogger } from '../../logging/logger';
import { listen } from '../support/http';

/** A page's API call runs the app's own middleware and routes inside the page's request. */
describe('callApi', () => {
  const app = express();
  const seen: { ip?: string; language?: string; cookie?: string; key?: string }[] = [];
  app.use(express.json());
  app.use('/api', (req, _res, next) => {
    seen.push({ ip: req.ip, language: req.get('accept-language'), cookie: req.get('cookie'), key: req.get('idempotency-key') });
    next();
  });
  app.post('/api/things', (req, res) => {
    const body = req.body as { name?: string };
    if (!body.name) throw new ValidationError([{ path: 'name', rule: 'required' }]);
    res.cookie('sid', 'fresh-session', { httpOnly: true });
    res.status(201).json({ name: body.name });
  });
  app.get('/api/me', (req, res) => void res.json({ cookie: req.get('cookie') }));
  app.post('/page', express.urlencoded({ extended: false }), async (req, res) => {
    const created = await callApi(req, res, { method: 'post', path: '/api/things', body: { name: (req.body as { name: string }).name }, language: 'en', idempotencyKey: 'k-1' });
    const after = await callApi(req, res, { method: 'get', path: '/api/me', language: 'en' });
    res.json({ created, after });
  });
  app.use(errorHandler(createLogger('silent', 'test')));
  let server: Awaited<ReturnType<typeof listen>>;
  beforeAll(async () => {
    server = await listen(app);
  });
  afterAll(() => server.close());
  beforeEach(() => (seen.length = 0));

  const post = (name: string) =>
    fetch(server.url('/page'), { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: 'sid=old; other=1' }, body: `name=${encodeURIComponent(name)}` });

  it("answers with the route's status and body; the API's cookie reaches the browser and the next call", async () => {
    const res = await post('Mario');
    expect(res.headers.get('set-cookie')).toContain('sid=fresh-session');
    expect(await res.json()).toEqual({ created: { status: 201, body: { name: 'Mario' } }, after: { status: 200, body: { cookie: 'sid=fresh-session; other=1' } } });
    expect(seen[0]).toEqual({ ip: '127.0.0.1', language: 'en', cookie: 'sid=old; other=1', key: 'k-1' });
  });

  it("a refusal comes back in the API's error shape, from its own error middleware, in the page's language", async () => {
    const res = await post('');
    const { created } = (await res.json()) as { created: { status: number; body: unknown } };
    expect(created).toEqual({ status: 422, body: { error: { code: 'validation_failed', message: 'Some of the data is not valid.', fields: [{ path: 'name', rule: 'required', message: 'This field is required.' }] } } });
  });
});
