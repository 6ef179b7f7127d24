import type { ChildProcess } from 'node:child_process';
import path from 'node:path';
import { loadConfig } from '../config';
import { projectRoot } from '../config/paths';
import { APP_ENTRY_POINTS, portFor, startApp, startLocalServers, stopApp, waitForReady } from '../stack/local-system';
import { MailSink, serveMailbox } from '../stack/mail-sink';
import type { ManagedProcess } from '../stack/process';
import { waitForTemporal } from '../stack/temporal-ready';
import { loadTools } from '../stack/tools';

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

  const local = await startLocalServers(env, { tools: loadTools(), dataDir: DATA, logDir: LOGS, ports: 'default', temporalUiPort: 8233 });
  for (const server of Object.values(local.started)) if (server) servers.push(server);
  if (!env.SMTP_URL) {
    await mailSink.listen(await portFor(1025));
    const viewerPort = await portFor(8025);
    await serveMailbox(mailSink, viewerPort);
    mailViewer = `http://localhost:${viewerPort}`;
  }

  // A local run: the development secrets are accepted (config/index.ts refuses them anywhere else).
  const appEnv: NodeJS.ProcessEnv = { NODE_ENV: 'development', ...env, ...local.env, SMTP_URL: env.SMTP_URL ?? mailSink.url };
  const config = loadConfig(appEnv); // fails here, clearly, before anything else starts
  await waitForTemporal(config.TEMPORAL_ADDRESS, config.TEMPORAL_NAMESPACE);

  for (const [name, script] of APP_ENTRY_POINTS) {
    // Output prefixed with its name. If one dies, everything stops.
    const child = startApp(script, appEnv, (line) => console.log(`[${name}] ${line}`));
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
  Temporal UI    ${local.started.temporal ? 'http://localhost:8233' : `the UI of ${config.TEMPORAL_ADDRESS}`}
  Temporal       ${config.TEMPORAL_ADDRESS}   namespace ${config.TEMPORAL_NAMESPACE}, task queue ${config.TEMPORAL_TASK_QUEUE}
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
