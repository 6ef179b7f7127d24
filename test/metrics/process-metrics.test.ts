import type { ChildProcess } from 'node:child_process';
import { createEnqueueEmail } from '../../activities/email/enqueue-email';
import { ApiMetrics } from '../../api/metrics';
import type { EmailRequest } from '../../contracts';
import { createLogger } from '../../logging/logger';
import { serveMetrics, type MetricsListener } from '../../metrics/serve';
import { freePort } from '../../stack/process';
import { EmailWorkerMetrics } from '../../workers/email-worker-metrics';
import { startEmailWorker, type RunningEmailWorker } from '../../workers/email-worker';
import { EmailHarness } from '../support/email-harness';
import { personForm } from '../support/registration-samples';
import { SystemHarness } from '../support/system-harness';
import { exited, spawnWorkerProcess } from '../support/worker-process';

const PASSWORD = 'Tramonto-Sul-Lago-42';

const scrape = async (port: number): Promise<string> => {
  const res = await fetch(`http://127.0.0.1:${port}/metrics`);
  expect(res.status).toBe(200);
  return res.text();
};
/** The value of one series (its name with labels exactly as exposed), or undefined. */
const valueOf = (text: string, series: string): number | undefined => {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
};

describe('Prometheus metrics of each process, scraped on loopback', () => {
  describe('the API', () => {
    const metrics = new ApiMetrics();
    const system = new SystemHarness();
    let listener: MetricsListener;
    beforeAll(async () => {
      await system.startSystem({ apiMetrics: metrics });
      listener = await serveMetrics(metrics.registry, 0);
    }, 60_000);
    afterAll(async () => {
      await listener?.close();
      await system.stop();
    });

    it('times requests by route pattern and status, and counts registrations by journey and outcome', async () => {
      const { body } = await system.request('POST', '/api/v1/signups', personForm);
      expect((await system.request('POST', `/api/v1/signups/${body.signupId}/password`, { password: PASSWORD, passwordConfirmation: PASSWORD })).status).toBe(200);
      await system.request('GET', '/no/such/path');
      const text = await scrape(listener.port);
      expect(valueOf(text, 'http_request_duration_seconds_count{method="POST",route="/api/v1/signups/:signupId/password",status="200"}')).toBe(1);
      expect(valueOf(text, 'http_request_duration_seconds_count{method="GET",route="unmatched",status="404"}')).toBe(1);
      expect(text).not.toContain(body.signupId);
      expect(valueOf(text, 'anagrafica_registrations_total{journey="signup",outcome="started"}')).toBe(1);
      expect(valueOf(text, 'anagrafica_registrations_total{journey="signup",outcome="completed"}')).toBe(1);
      expect(text).toContain('process_cpu_user_seconds_total');
    });
  });

  describe('the e-mail worker', () => {
    const harness = new EmailHarness();
    let metrics: EmailWorkerMetrics;
    let listener: MetricsListener;
    let worker: RunningEmailWorker | undefined;
    beforeAll(async () => {
      await harness.start({ worker: false });
      metrics = new EmailWorkerMetrics(harness.redis, harness.prefix);
      listener = await serveMetrics(metrics.registry, 0);
    });
    afterAll(async () => {
      await worker?.close();
      await listener?.close();
      await metrics?.close();
      await harness.stop();
    });

    it('shows the queue growing while no worker runs, then counts the e-mails sent by template', async () => {
      const request: EmailRequest = {
        key: `metrics-${Date.now()}`,
        template: 'password-reset',
        to: 'giulia.bianchi@example.it',
        locale: 'it',
        data: { displayName: 'Giulia Bianchi', username: '1234567@aruba.it', resetUrl: 'http://localhost:3000/recupero/nuova-password?token=t', expiresInMinutes: 30 },
      };
      await createEnqueueEmail({ outbox: harness.outbox, emailQueue: harness.queue })(request);
      await new Promise((resolve) => setTimeout(resolve, 1100));
      const waiting = await scrape(listener.port);
      expect(valueOf(waiting, 'anagrafica_email_queue_jobs{state="waiting"}')).toBe(1);
      expect(valueOf(waiting, 'anagrafica_email_queue_oldest_waiting_seconds')).toBeGreaterThanOrEqual(1);

      worker = startEmailWorker(harness.config, { mongo: harness.mongo, redis: harness.redis, logger: createLogger('silent', 'test'), prefix: harness.prefix, metrics });
      await harness.sink.waitForMessages(1);
      await harness.drained();
      const sent = await scrape(listener.port);
      expect(valueOf(sent, 'anagrafica_emails_total{template="password-reset",outcome="sent"}')).toBe(1);
      expect(valueOf(sent, 'anagrafica_email_queue_jobs{state="waiting"}')).toBe(0);
      expect(valueOf(sent, 'anagrafica_email_queue_oldest_waiting_seconds')).toBe(0);
    });
  });

  describe('the Temporal worker (its built process)', () => {
    const harness = new EmailHarness();
    let child: ChildProcess | undefined;
    beforeAll(() => harness.start({ worker: false }));
    afterAll(async () => {
      if (child && child.exitCode === null) {
        child.kill('SIGTERM');
        await exited(child);
      }
      await harness.stop();
    });

    it("serves Node's metrics and the SDK's worker metrics on METRICS_PORT", async () => {
      const port = await freePort();
      child = spawnWorkerProcess('temporal-worker', harness.config, { METRICS_PORT: String(port) });
      const until = Date.now() + 30_000;
      let text = '';
      while (Date.now() < until && !/^temporal_\w+/m.test(text)) {
        await new Promise((resolve) => setTimeout(resolve, 500));
        text = await fetch(`http://127.0.0.1:${port}/metrics`).then((res) => res.text(), () => '');
      }
      expect(text).toContain('process_cpu_user_seconds_total');
      expect(text).toMatch(/^temporal_\w+/m);
    }, 45_000);
  });
});
