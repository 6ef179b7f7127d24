import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { loadConfig } from '../config';
import { projectRoot } from '../config/paths';
import { MailSink, serveMailbox } from '../stack/mail-sink';
import { canConnect, freePort, type ManagedProcess } from '../stack/process';
import { startFerretDb, startRedis, startTemporal } from '../stack/servers';
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

/** The default port when it is free, else any free one (a second checkout can run beside the first). */
async function portFor(preferred: number): Promise<number> {
  return (await canConnect(preferred)) ? freePort() : preferred;
}

async function main(): Promise<void> {
  const env = process.env;
  const tools = loadTools();
  const mailSink = new MailSink();
  let mailViewer = 'none (SMTP_URL given)';

  const [redis, mongo, temporal] = await Promise.all([
    env.REDIS_URL ? undefined : portFor(6379).then((port) => startRedis(tools, LOGS, port)),
    env.MONGODB_URI ? undefined : portFor(27017).then((port) => startFerretDb(tools, path.join(DATA, 'ferretdb'), LOGS, port)),
    env.TEMPORAL_ADDRESS
      ? undefined
      : portFor(7233).then((port) => startTemporal(tools, LOGS, { port, uiPort: 8233, dbFile: path.join(DATA, 'temporal.db') })),
  ]);
  for (const server of [redis, mongo, temporal]) if (server) servers.push(server.process);
  if (!env.SMTP_URL) {
    await mailSink.listen(await portFor(1025));
    const viewerPort = await portFor(8025);
    await serveMailbox(mailSink, viewerPort);
    mailViewer = `http://localhost:${viewerPort}`;
  }

  const appEnv: NodeJS.ProcessEnv = {
    // A local run: the development secrets are accepted (config/index.ts refuses them anywhere else).
    NODE_ENV: 'development',
    ...env,
    REDIS_URL: env.REDIS_URL ?? redis!.address,
    MONGODB_URI: env.MONGODB_URI ?? mongo!.address,
    TEMPORAL_ADDRESS: env.TEMPORAL_ADDRESS ?? temporal!.address,
    SMTP_URL: env.SMTP_URL ?? mailSink.url,
  };
  const config = loadConfig(appEnv); // fails here, clearly, before anything else starts
  await waitForTemporal(config.TEMPORAL_ADDRESS, config.TEMPORAL_NAMESPACE);

  for (const [name, script] of [
    ['api', 'dist/api/server.js'],
    ['temporal-worker', 'dist/workers/temporal-worker.js'],
    ['email-worker', 'dist/workers/email-worker.js'],
  ] as const) {
    apps.push(startApp(name, script, appEnv));
  }
  await waitForReady(`http://127.0.0.1:${config.PORT}/readyz`);

  console.log(`
anagrafica is running (Ctrl-C stops everything)
  API            http://localhost:${config.PORT}   (OpenAPI: /api/v1/openapi.json, readiness: /readyz)
  Temporal UI    ${temporal ? 'http://localhost:8233' : `the UI of ${config.TEMPORAL_ADDRESS}`}
  Temporal       ${config.TEMPORAL_ADDRESS}   namespace ${config.TEMPORAL_NAMESPACE}, task queue ${config.TEMPORAL_TASK_QUEUE}
  Mail viewer    ${mailViewer}   (SMTP ${config.SMTP_URL})
  MongoDB        ${config.MONGODB_URI}
  Redis          ${config.REDIS_URL}
  Server logs    ${LOGS}
`);
}

/** Runs a built entry point, its output prefixed with its name. If it dies, everything stops. */
function startApp(name: string, script: string, env: NodeJS.ProcessEnv): ChildProcess {
  const child = spawn(process.execPath, [path.join(projectRoot, script)], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  const prefix = (chunk: Buffer) =>
    chunk
      .toString()
      .split('\n')
      .filter(Boolean)
      .forEach((line) => console.log(`[${name}] ${line}`));
  child.stdout?.on('data', prefix);
  child.stderr?.on('data', prefix);
  child.once('exit', (code, signal) => {
    if (stopping) return;
    console.error(`[${name}] exited (${signal ?? code}); stopping everything`);
    void stop(1);
  });
  return child;
}

async function waitForReady(url: string, timeoutMs = 90_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const ok = await fetch(url).then((r) => r.ok, () => false);
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`${url} did not answer 200 in time`);
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
}

async function stop(exitCode: number): Promise<void> {
  if (stopping) return;
  stopping = true;
  console.log('stopping…');
  await Promise.all(
    apps.map(
      (child) =>
        new Promise<void>((resolve) => {
          if (child.exitCode !== null || child.signalCode !== null) return resolve();
          child.once('exit', () => resolve());
          child.kill('SIGTERM');
          setTimeout(() => child.kill('SIGKILL'), 15_000).unref();
        }),
    ),
  );
  await Promise.all(servers.map((server) => server.stop()));
  process.exit(exitCode);
}

process.on('SIGINT', () => void stop(0));
process.on('SIGTERM', () => void stop(0));
main().catch((error: Error) => {
  console.error(error.message);
  void stop(1);
});
