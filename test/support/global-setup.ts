import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ManagedProcess } from '../../stack/process';
import { startFerretDb, startRedis, startTemporal } from '../../stack/servers';
import { waitForTemporal } from '../../stack/temporal-ready';
import { loadTools } from '../../stack/tools';
import { buildWorkflowBundle, isWorkflowBundleFresh } from '../../temporal/workflow-bundle';

/**
 * Starts the real servers once for the whole run, on free ports, unless the environment already
 * names one (MONGODB_URI, REDIS_URL, TEMPORAL_ADDRESS). Test files read the addresses from the
 * TEST_* variables set here; the teardown (and, failing that, process exit) stops them.
 */
export default async function globalSetup(): Promise<void> {
  // The tests run on the development secrets, which config/index.ts accepts only in development;
  // Jest would otherwise set `test`. The test files' workers and the processes they spawn inherit it.
  process.env.NODE_ENV = 'development';
  const tools = loadTools();
  // Workers load the prebuilt bundle; a run of Jest after editing a workflow must not test an old one.
  const bundled = isWorkflowBundleFresh() ? undefined : buildWorkflowBundle();
  const root = mkdtempSync(path.join(os.tmpdir(), 'anagrafica-test-'));
  const logDir = path.join(root, 'logs');
  const started: ManagedProcess[] = [];
  globalThis.__anagraficaStack = { processes: started, root };

  const [redis, mongo, temporal] = await Promise.all([
    process.env.REDIS_URL ? undefined : startRedis(tools, logDir),
    process.env.MONGODB_URI ? undefined : startFerretDb(tools, path.join(root, 'ferretdb'), logDir),
    process.env.TEMPORAL_ADDRESS ? undefined : startTemporal(tools, logDir),
  ]);
  for (const server of [redis, mongo, temporal]) if (server) started.push(server.process);

  process.env.TEST_REDIS_URL = process.env.REDIS_URL ?? redis!.address;
  process.env.TEST_MONGODB_URI = process.env.MONGODB_URI ?? mongo!.address;
  process.env.TEST_TEMPORAL_ADDRESS = process.env.TEMPORAL_ADDRESS ?? temporal!.address;
  process.env.TEST_TEMPORAL_TEST_SERVER = tools.temporalTestServer;
  process.env.TEST_LOG_DIR = logDir;
  await Promise.all([waitForTemporal(process.env.TEST_TEMPORAL_ADDRESS), bundled]);
}

declare global {
  var __anagraficaStack: { processes: ManagedProcess[]; root: string } | undefined;
}
