import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Config } from '../../config';
import { projectRoot } from '../../config/paths';

/**
 * A worker as a process of its own, from the build in `dist/` (npm test builds it first), so a test
 * can kill it like a real one. It gets the suite's config through the environment, as in production
 * (NODE_ENV=development included: testConfig sets it, so the development secrets are accepted).
 */
export function spawnWorkerProcess(worker: 'email-worker' | 'temporal-worker', config: Config, extra: Record<string, string> = {}): ChildProcess {
  const script = path.join(projectRoot, 'dist', 'workers', `${worker}.js`);
  if (!existsSync(script)) throw new Error(`${script} is missing: build first (npx tsc -p tsconfig.build.json, done by npm test)`);
  const env = Object.fromEntries(Object.entries(config).map(([key, value]) => [key, String(value)]));
  return spawn(process.execPath, [script], {
    env: { PATH: process.env.PATH, ...env, LOG_LEVEL: 'warn', ...extra },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}

/** Resolves with the exit code once the process has ended. */
export const exited = (child: ChildProcess): Promise<number | null> =>
  new Promise((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve(child.exitCode) : child.once('exit', (code) => resolve(code))));
