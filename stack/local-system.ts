import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { projectRoot } from '../config/paths';
import { canConnect, freePort, type ManagedProcess } from './process';
import { startFerretDb, startRedis, startTemporal } from './servers';
import type { Tools } from './tools';

/**
 * The system as `npm start` runs it, in pieces that `scripts/start-local.ts` and
 * `bench/registration.ts` share: the servers (unless the environment names them), then the API,
 * the Temporal worker and the e-mail worker as processes of their own, from `dist/`.
 */

/** The application's processes and their built entry points. */
export const APP_ENTRY_POINTS = [
  ['api', 'dist/api/server.js'],
  ['temporal-worker', 'dist/workers/temporal-worker.js'],
  ['email-worker', 'dist/workers/email-worker.js'],
] as const;
export type AppName = (typeof APP_ENTRY_POINTS)[number][0];

export interface LocalServerOptions {
  tools: Tools;
  /** FerretDB's data and the Temporal SQLite file go here. */
  dataDir: string;
  logDir: string;
  /** `default`: the usual port when free (7233, 27017, 6379), else any; `free`: any free port. */
  ports: 'default' | 'free';
  /** Serve the Temporal Web UI on this port; omitted: headless. */
  temporalUiPort?: number;
}

export interface LocalServers {
  /** Addresses in the form the config keys expect, for the servers started and those named by `env`. */
  env: { REDIS_URL: string; MONGODB_URI: string; TEMPORAL_ADDRESS: string };
  /** Only the servers started here (to stop at the end). */
  started: { redis?: ManagedProcess; store?: ManagedProcess; temporal?: ManagedProcess };
}

/** The default port when it is free, else any free one (a second checkout can run beside the first). */
export async function portFor(preferred: number, ports: 'default' | 'free' = 'default'): Promise<number> {
  return ports === 'free' || (await canConnect(preferred)) ? freePort() : preferred;
}

/** Starts Redis, FerretDB and the Temporal dev server, each unless `env` names one already. */
export async function startLocalServers(env: NodeJS.ProcessEnv, options: LocalServerOptions): Promise<LocalServers> {
  const { tools, dataDir, logDir, ports } = options;
  const [redis, store, temporal] = await Promise.all([
    env.REDIS_URL ? undefined : portFor(6379, ports).then((port) => startRedis(tools, logDir, port)),
    env.MONGODB_URI ? undefined : portFor(27017, ports).then((port) => startFerretDb(tools, path.join(dataDir, 'ferretdb'), logDir, port)),
    env.TEMPORAL_ADDRESS
      ? undefined
      : portFor(7233, ports).then((port) => startTemporal(tools, logDir, { port, uiPort: options.temporalUiPort, dbFile: path.join(dataDir, 'temporal.db') })),
  ]);
  return {
    env: {
      REDIS_URL: env.REDIS_URL ?? redis!.address,
      MONGODB_URI: env.MONGODB_URI ?? store!.address,
      TEMPORAL_ADDRESS: env.TEMPORAL_ADDRESS ?? temporal!.address,
    },
    started: { redis: redis?.process, store: store?.process, temporal: temporal?.process },
  };
}

/**
 * Node flags of a process. The Temporal worker's heap is bounded: V8 then collects the runs the
 * workflow cache evicts instead of growing into them (2,000 open signups: 285 MiB against 322 MiB
 * unbounded, docs/benchmarks.md).
 */
const NODE_FLAGS: Partial<Record<string, string[]>> = { 'dist/workers/temporal-worker.js': ['--max-old-space-size=128'] };

/** Runs a built entry point with `env`; each line of its output goes to `onLine`. */
export function startApp(script: string, env: NodeJS.ProcessEnv, onLine: (line: string) => void): ChildProcess {
  const child = spawn(process.execPath, [...(NODE_FLAGS[script] ?? []), path.join(projectRoot, script)], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  const lines = (chunk: Buffer) => chunk.toString().split('\n').filter(Boolean).forEach(onLine);
  child.stdout?.on('data', lines);
  child.stderr?.on('data', lines);
  return child;
}

/** SIGTERM, then SIGKILL after `graceMs`; resolves once it has exited. */
export function stopApp(child: ChildProcess, graceMs = 15_000): Promise<void> {
  return new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
    setTimeout(() => child.kill('SIGKILL'), graceMs).unref();
  });
}

export async function waitForReady(url: string, timeoutMs = 90_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const ok = await fetch(url).then((r) => r.ok, () => false);
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`${url} did not answer 200 in time`);
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
}
