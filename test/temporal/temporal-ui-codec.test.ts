import type { Server } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { operatorCodecApp } from '../../api/routes/codec';
import { createLogger } from '../../logging/logger';
import { freePort } from '../../stack/process';
import { startTemporal, type RunningServer } from '../../stack/servers';
import { loadTools } from '../../stack/tools';
import { createEncryptionCodec } from '../../temporal/data-converter';
import { TestBrowser } from '../support/browser';
import { personForm } from '../support/registration-samples';
import { SystemHarness } from '../support/system-harness';

const PASSWORD = 'Tramonto-Sul-Lago-42';

/**
 * What `npm start` wires: a Temporal dev server whose UI decodes payloads through the API's
 * loopback codec listener, which admits only the UI's origin. An operator opens a finished signup
 * in the UI and reads its result (the username) in clear.
 */
describe('the Temporal UI decodes runs through the operators’ codec listener', () => {
  const system = new SystemHarness();
  const browser = new TestBrowser();
  let temporal: RunningServer;
  let codecListener: Server;
  let uiOrigin: string;
  let codecUrl: string;

  beforeAll(async () => {
    const [uiPort, codecPort] = [await freePort(), await freePort()];
    uiOrigin = `http://127.0.0.1:${uiPort}`;
    codecUrl = `http://127.0.0.1:${codecPort}/codec`;
    temporal = await startTemporal(loadTools(), path.join(os.tmpdir(), 'anagrafica-ui-test-logs'), { uiPort, uiCodecEndpoint: codecUrl });
    await Promise.all([system.startSystem({ overrides: { TEMPORAL_ADDRESS: temporal.address, TEMPORAL_UI_URL: uiOrigin } }), browser.start()]);
    const app = operatorCodecApp(createEncryptionCodec(system.config.PAYLOAD_ENCRYPTION_KEY), uiOrigin, createLogger('silent', 'test'));
    codecListener = await new Promise<Server>((resolve) => {
      const server = app.listen(codecPort, '127.0.0.1', () => resolve(server));
    });
  }, 90_000);
  afterAll(async () => {
    await browser.stop();
    await system.stop();
    await new Promise((resolve) => codecListener?.close(resolve));
    await temporal?.process.stop();
  });

  it('shows a completed signup’s result decoded', async () => {
    const { body } = await system.request('POST', '/api/v1/signups', personForm);
    await system.request('POST', `/api/v1/signups/${body.signupId}/password`, { password: PASSWORD, passwordConfirmation: PASSWORD });
    const workflowId = `signup-${body.signupId}`;
    await system.temporal.client.workflow.getHandle(workflowId).result();

    const context = await browser.context({ locale: 'en-GB' });
    const page = await context.newPage();
    await page.goto(`${uiOrigin}/namespaces/default/workflows/${workflowId}`);
    // Ciphertext would show as `binary/encrypted` base64; the username is only in the decoded result.
    await page.getByText(body.username as string).first().waitFor({ timeout: 30_000 });
    await context.close();
  }, 60_000);

  it('the codec listener refuses any other page’s origin, and CORS names only the UI', async () => {
    const ask = (origin?: string) =>
      fetch(`${codecUrl}/encode`, { method: 'POST', headers: { 'content-type': 'application/json', ...(origin ? { origin } : {}) }, body: JSON.stringify({ payloads: [] }) });
    const foreign = await ask('http://evil.example');
    expect(foreign.status).toBe(403);
    expect(await foreign.json()).toMatchObject({ error: { code: 'foreign_origin' } });
    const fromUi = await ask(uiOrigin);
    expect(fromUi.status).toBe(200);
    expect(fromUi.headers.get('access-control-allow-origin')).toBe(uiOrigin);
    // Nor does the listener decode what we did not encrypt.
    const plain = await fetch(`${codecUrl}/decode`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: uiOrigin },
      body: JSON.stringify({ payloads: [{ metadata: { encoding: Buffer.from('json/plain').toString('base64') }, data: Buffer.from('"x"').toString('base64') }] }),
    });
    expect(plain.status).toBe(400);
  });
});
