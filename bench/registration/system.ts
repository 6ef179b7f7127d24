import type { ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import path from 'node:path';
import { configSchema, loadConfig, type Config } from '../../config';
import { APP_ENTRY_POINTS, startApp, startLocalServers, stopApp, waitForReady, type AppName } from '../../stack/local-system';
import { freePort, type ManagedProcess } from '../../stack/process';
import { waitForTemporal } from '../../stack/temporal-ready';
import { loadTools } from '../../stack/tools';
import { pidListeningOn, type WatchedProcess } from './process-stats';

/** The system under measurement, run as `npm start` runs it, and the processes to watch. */
export interface BenchSystem {
  config: Config;
  apiUrl: string;
  /** API, Temporal worker, e-mail worker, Temporal server, store, Redis: those whose pid we can see. */
  processes: WatchedProcess[];
  /** Servers named by the environment whose process is not visible from here. */
  unseen: string[];
  stop(): Promise<void>;
}

/**
 * Every rate limit of the config as high as its schema allows: the benchmark is one client
 * address. `SIGNUP_RATE_LIMIT_PER_MINUTE` is set even before the schema knows it (harmless).
 */
function unlimitedRates(): Record<string, string> {
  const rates: Record<string, string> = { SIGNUP_RATE_LIMIT_PER_MINUTE: '1000000' };
  for (const [key, schema] of Object.entries(configSchema.shape)) {
    if (!key.includes('RATE_LIMIT')) continue;
    const highest = ['1000000', '100000', '10000'].find((value) => schema.safeParse(value).success);
    if (highest) rates[key] = highest;
  }
  return rates;
}

function portOf(address: string): number {
  return Number(new URL(address.includes('://') ? address : `tcp://${address}`).port);
}

/**
 * Starts Redis, FerretDB and the Temporal dev server in `workDir` (unless MONGODB_URI, REDIS_URL,
 * TEMPORAL_ADDRESS name them), then the API, the Temporal worker and the e-mail worker from
 * `dist/`, delivering to `smtpUrl`. On servers of the environment, a database and task queue of
 * this run keep it apart. Each process logs to `<workDir>/logs/<name>.log`.
 */
export async function startBenchSystem(workDir: string, runId: string, smtpUrl: string): Promise<BenchSystem> {
  const env = process.env;
  const logDir = path.join(workDir, 'logs');
  mkdirSync(logDir, { recursive: true });
  const local = await startLocalServers(env, { tools: loadTools(), dataDir: workDir, logDir, ports: 'free' });
  const servers = Object.values(local.started).filter((server): server is ManagedProcess => server !== undefined);
  const apps: ChildProcess[] = [];
  const stop = async () => {
    await Promise.all(apps.map((child) => stopApp(child)));
    await Promise.all(servers.map((server) => server.stop()));
  };

  try {
    const mongoUri = new URL(local.env.MONGODB_URI);
    if (env.MONGODB_URI) mongoUri.pathname = `/anagrafica_bench_${runId}`;
    const appEnv: NodeJS.ProcessEnv = {
      ...env,
      ...local.env,
      MONGODB_URI: mongoUri.toString(),
      SMTP_URL: smtpUrl,
      PORT: String(await freePort()),
      NODE_ENV: 'development',
      LOG_LEVEL: env.LOG_LEVEL ?? 'warn',
      TEMPORAL_TASK_QUEUE: env.TEMPORAL_ADDRESS ? `bench-${runId}` : (env.TEMPORAL_TASK_QUEUE ?? 'anagrafica'),
      ...unlimitedRates(),
    };
    const config = loadConfig(appEnv);
    await waitForTemporal(config.TEMPORAL_ADDRESS, config.TEMPORAL_NAMESPACE);

    const appPids = {} as Record<AppName, number>;
    for (const [name, script] of APP_ENTRY_POINTS) {
      const log = createWriteStream(path.join(logDir, `${name}.log`), { flags: 'a' });
      // Each app its own metrics port, when the config has one, so a run beside `npm start` does not collide.
      const metrics = 'METRICS_PORT' in configSchema.shape ? { METRICS_PORT: String(await freePort()) } : {};
      const child = startApp(script, { ...appEnv, ...metrics }, (line) => log.write(`${line}\n`));
      child.once('exit', (code, signal) => log.write(`exited (${signal ?? code})\n`));
      apps.push(child);
      appPids[name] = child.pid!;
    }
    const apiUrl = `http://127.0.0.1:${config.PORT}`;
    await waitForReady(`${apiUrl}/readyz`);

    const servedAt = (started: ManagedProcess | undefined, address: string) => started?.child.pid ?? pidListeningOn(portOf(address));
    const candidates: Array<[string, number | undefined]> = [
      ['API', appPids.api],
      ['Temporal worker', appPids['temporal-worker']],
      ['e-mail worker', appPids['email-worker']],
      ['Temporal server', servedAt(local.started.temporal, config.TEMPORAL_ADDRESS)],
      ['store', servedAt(local.started.store, config.MONGODB_URI)],
      ['Redis', servedAt(local.started.redis, config.REDIS_URL)],
    ];
    return {
      config,
      apiUrl,
      processes: candidates.filter((c): c is [string, number] => c[1] !== undefined).map(([name, pid]) => ({ name, pid })),
      unseen: candidates.filter(([, pid]) => pid === undefined).map(([name]) => name),
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
