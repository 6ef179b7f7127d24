import express from 'express';
import { ApiMetrics } from '../../api/metrics';
import { callApi } from '../../api/pages/api-call';
import { listen } from '../support/http';

/** A registration made through a page runs the API route in-process: it is timed and counted like a direct call. */
describe("the API's metrics and the pages' in-process API calls", () => {
  const metrics = new ApiMetrics();
  const app = express();
  app.use(metrics.middleware());
  app.use(express.json());
  app.post('/api/v1/signups', (_req, res) => void res.status(202).json({ signupId: 's-1' }));
  app.post('/registrazione', async (req, res) => {
    const answer = await callApi(req, res, { method: 'post', path: '/api/v1/signups', body: {}, language: 'it' });
    res.status(303).set('location', `/registrazione/${String((answer.body as { signupId: string }).signupId)}`).end();
  });
  let server: Awaited<ReturnType<typeof listen>>;
  beforeAll(async () => {
    server = await listen(app);
  });
  afterAll(() => server.close());

  it('counts the page request and the API route it ran, each under its own route', async () => {
    const res = await fetch(server.url('/registrazione'), { method: 'POST', redirect: 'manual' });
    expect(res.status).toBe(303);
    const text = await metrics.registry.metrics();
    expect(text).toContain('http_request_duration_seconds_count{method="POST",route="/registrazione",status="303"} 1');
    expect(text).toContain('http_request_duration_seconds_count{method="POST",route="/api/v1/signups",status="202"} 1');
    expect(text).toContain('anagrafica_registrations_total{journey="signup",outcome="started"} 1');
  });
});
