import path from 'node:path';
import { projectRoot } from '../../config/paths';
import { freePort } from '../../stack/process';
import { FERRETDB_ENV, ferretDbArgs, redisArgs, temporalArgs } from '../../stack/servers';
import type { Tools } from '../../stack/tools';
import type { ComponentSpec } from './supervisor';

export const COMPONENT_NAMES = ['redis', 'ferretdb', 'temporal', 'api', 'temporal-worker', 'email-worker'] as const;
export type ComponentName = (typeof COMPONENT_NAMES)[number];

export interface ChaosStack {
  specs: Record<ComponentName, ComponentSpec>;
  apiUrl: string;
  mongoUri: string;
  redisUrl: string;
  temporalAddress: string;
  taskQueue: string;
  orderSecret: string;
}

/** Limits high enough that one client address can drive the whole run (every `*_RATE_LIMIT_*` key, present or coming). */
const UNLIMITED = Object.fromEntries(
  ['SIGNUP', 'SIGN_IN', 'RECOVERY', 'ORDER'].flatMap((kind) => [
    [`${kind}_RATE_LIMIT_PER_MINUTE`, '1000000'],
    [`${kind}_RATE_LIMIT_TOTAL_PER_MINUTE`, '100000000'],
  ]),
);

/**
 * The six processes of one chaos run, each on fixed ports and its own data under `root`, so a
 * restart finds what the killed one left: Redis with AOF (as in compose), FerretDB's SQLite files,
 * Temporal's SQLite file; the apps from `dist/` with the development config.
 */
export async function chaosStack(tools: Tools, root: string, smtpUrl: string): Promise<ChaosStack> {
  const [redisPort, mongoPort, temporalPort, temporalHttp, temporalMetrics, apiPort, ...metricsPorts] = await Promise.all(
    Array.from({ length: 9 }, () => freePort()),
  );
  const redisUrl = `redis://127.0.0.1:${redisPort}`;
  const mongoUri = `mongodb://127.0.0.1:${mongoPort}/anagrafica`;
  const temporalAddress = `127.0.0.1:${temporalPort}`;
  const taskQueue = 'chaos';
  const orderSecret = 'chaos-order-secret-0123456789abcdef';
  const appEnv = (metricsPort: number): NodeJS.ProcessEnv => ({
    PATH: process.env.PATH,
    NODE_ENV: 'development',
    LOG_LEVEL: 'warn',
    PORT: String(apiPort),
    METRICS_PORT: String(metricsPort),
    MONGODB_URI: mongoUri,
    REDIS_URL: redisUrl,
    TEMPORAL_ADDRESS: temporalAddress,
    TEMPORAL_TASK_QUEUE: taskQueue,
    SMTP_URL: smtpUrl,
    ORDER_WEBHOOK_SECRET: orderSecret,
    PUBLIC_BASE_URL: `http://127.0.0.1:${apiPort}`,
    // Crashes are the point: give stalled jobs and lost rows back within seconds.
    EMAIL_JOB_LOCK_MS: '4000',
    EMAIL_BACKOFF_MS: '200',
    EMAIL_MAX_ATTEMPTS: '10',
    EMAIL_RECONCILE_INTERVAL_MS: '2000',
    EMAIL_RECONCILE_GRACE_MS: '3000',
    ...UNLIMITED,
  });
  const app = (name: ComponentName, script: string, metricsPort: number): ComponentSpec => ({
    name,
    command: process.execPath,
    args: [path.join(projectRoot, 'dist', script)],
    env: appEnv(metricsPort),
  });
  const serverEnv = { PATH: process.env.PATH, HOME: process.env.HOME };
  return {
    specs: {
      redis: { name: 'redis', command: tools.redisServer, args: redisArgs(redisPort!, path.join(root, 'redis')), env: serverEnv },
      ferretdb: { name: 'ferretdb', command: tools.ferretdb, args: ferretDbArgs(mongoPort!, path.join(root, 'ferretdb')), env: { ...serverEnv, ...FERRETDB_ENV } },
      temporal: {
        name: 'temporal',
        command: tools.temporal,
        args: temporalArgs(temporalPort!, temporalHttp!, temporalMetrics!, { dbFile: path.join(root, 'temporal.db') }),
        env: serverEnv,
      },
      api: app('api', 'api/server.js', metricsPorts[0]!),
      'temporal-worker': app('temporal-worker', 'workers/temporal-worker.js', metricsPorts[1]!),
      'email-worker': app('email-worker', 'workers/email-worker.js', metricsPorts[2]!),
    },
    apiUrl: `http://127.0.0.1:${apiPort}`,
    mongoUri,
    redisUrl,
    temporalAddress,
    taskQueue,
    orderSecret,
  };
}
