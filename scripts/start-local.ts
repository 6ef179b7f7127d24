import type { ChildProcess } from 'node:child_process';
import path from 'node:path';
import { API_METRICS_PORT } from '../api/metrics';
import { loadConfig } from '../config';
import { projectRoot } from '../config/paths';
import { APP_ENTRY_POINTS, type AppName, portFor, startApp, startLocalServers, stopApp, waitForReady } from '../stack/local-system';
import { MailSink, serveMailbox } from '../stack/mail-sink';
import type { ManagedProcess } from '../stack/process';
import { waitForTemporal } from '../stack/temporal-ready';
import { loadTools } from '../stack/tools';
import { EMAIL_WORKER_METRICS_PORT } from '../workers/email-worker-metrics';
import { TEMPORAL_WORKER_METRICS_PORT } from '../workers/temporal-worker-metrics';

/**
 * README command 1: the whole system on this machine. Starts Temporal (UI on :8233, state in
 * .data/), FerretDB (data in .data/), Redis, an SMTP sink with a mail viewer, then the API, the
 * Temporal worker and the e-mail worker. A server named by the environment (MONGODB_URI,
 * REDIS_URL, TEMPORAL_ADDRESS, SMTP_URL) is used instead of starting one. Ctrl-C stops it all.
 */
const DATA = path.join(projectRoot, '.data');
const LOGS = path.join(DATA, 'logs');
const servers: ManagedProcess[] = [];
const apps: ChildProcess[] = [];
let stopping = false;

async function main(): Promise<void> {
  const env = process.env;
  const mailSink = new MailSink();
  let mailViewer = 'none (SMTP_URL given)';

  // The UI decodes payloads through the API's loopback codec listener, which admits only the UI's origin.
  const uiPort = await portFor(8233);
  const codecPort = env.OPERATOR_CODEC_PORT ? Number(env.OPERATOR_CODEC_PORT) : await portFor(8234);
  const uiUrl = env.TEMPORAL_UI_URL ?? `http://localhost:${uiPort}`;
  const codecEndpoint = `http://127.0.0.1:${codecPort}/codec`;
  const local = await startLocalServers(env, {
    tools: loadTools(),
    dataDir: DATA,
    logDir: LOGS,
    ports: 'default',
    temporalUiPort: uiPort,
    temporalUiCodecEndpoint: codecEndpoint,
  });
  for (const server of Object.values(local.started)) if (server) servers.push(server);
  if (!env.SMTP_URL) {
    await mailSink.listen(await portFor(1025));
    const viewerPort = await portFor(8025);
    await serveMailbox(mailSink, viewerPort);
    mailViewer = `http://localhost:${viewerPort}`;
  }

  // A local run: the development secrets are accepted (config/index.ts refuses them anywhere else).
  const appEnv: NodeJS.ProcessEnv = {
    NODE_ENV: 'development',
    ...env,
    ...local.env,
    SMTP_URL: env.SMTP_URL ?? mailSink.url,
    TEMPORAL_UI_URL: uiUrl,
    OPERATOR_CODEC_PORT: String(codecPort),
  };
  const config = loadConfig(appEnv); // fails here, clearly, before anything else starts
  await waitForTemporal(config.TEMPORAL_ADDRESS, config.TEMPORAL_NAMESPACE);

  // Each process's metrics on its own loopback port: the usual one when free, else any.
  const metricsPorts: Record<AppName, number> = {
    api: await portFor(API_METRICS_PORT),
    'temporal-worker': await portFor(TEMPORAL_WORKER_METRICS_PORT),
    'email-worker': await portFor(EMAIL_WORKER_METRICS_PORT),
  };
  for (const [name, script] of APP_ENTRY_POINTS) {
    // Output prefixed with its name. If one dies, everything stops.
    const child = startApp(script, { ...appEnv, METRICS_PORT: String(metricsPorts[name]) }, (line) => console.log(`[${name}] ${line}`));
    child.once('exit', (code, signal) => {
      if (stopping) return;
      console.error(`[${name}] exited (${signal ?? code}); stopping everything`);
      void stop(1);
    });
    apps.push(child);
  }
  await waitForReady(`http://127.0.0.1:${config.PORT}/readyz`);

  console.log(`
anagrafica is running (Ctrl-C stops everything)
  API            http://localhost:${config.PORT}   (OpenAPI: /api/v1/openapi.json, readiness: /readyz)
  Temporal UI    ${local.started.temporal ? uiUrl : `the UI of ${config.TEMPORAL_ADDRESS}`}   (payloads decoded by ${codecEndpoint}, loopback, for ${new URL(uiUrl).origin} only)
  Temporal       ${config.TEMPORAL_ADDRESS}   namespace ${config.TEMPORAL_NAMESPACE}, task queue ${config.TEMPORAL_TASK_QUEUE}
  Queue board    http://localhost:${config.PORT}/operator/queues   (sign in with an operator token)
  Metrics        API http://127.0.0.1:${metricsPorts.api}/metrics
                 Temporal worker http://127.0.0.1:${metricsPorts['temporal-worker']}/metrics (with the SDK's temporal_*)
                 e-mail worker http://127.0.0.1:${metricsPorts['email-worker']}/metrics
  Mail viewer    ${mailViewer}   (SMTP ${config.SMTP_URL})
  MongoDB        ${config.MONGODB_URI}
  Redis          ${config.REDIS_URL}
  Server logs    ${LOGS}
`);
}

async function stop(exitCode: number): Promise<void> {
  if (stopping) return;
  stopping = true;
  console.log('stopping…');
  await Promise.all(apps.map((child) => stopApp(child)));
  await Promise.all(servers.map((server) => server.stop()));
  process.exit(exitCode);
}

process.on('SIGINT', () => void stop(0));
process.on('SIGTERM', () => void stop(0));
main().catch((error: Error) => {
  console.error(error.message);
  void stop(1);
});
