import { readdirSync, statSync, writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { bundleWorkflowCode } from '@temporalio/worker';
import { projectRoot } from '../config/paths';

/**
 * The workflow bundle, built once at build time (`scripts/install.sh`) and loaded by every worker
 * (`workflowBundle: { codePath }`), so no worker bundles again at start.
 */
export const workflowBundlePath = path.join(projectRoot, 'dist', 'workflow-bundle.js');

/** What the bundle is made of: workflows and the small modules they may import. */
const SOURCES = ['workflows', 'contracts', 'domain'].map((dir) => path.join(projectRoot, dir));

function newestSourceTime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSourceTime(full) : statSync(full).mtimeMs);
  }
  return newest;
}

/** True when the bundle exists and is newer than every source it is made of. */
export function isWorkflowBundleFresh(): boolean {
  try {
    const built = statSync(workflowBundlePath).mtimeMs;
    const inputs = [...SOURCES.map(newestSourceTime), statSync(path.join(projectRoot, 'package-lock.json')).mtimeMs, statSync(__filename).mtimeMs];
    return inputs.every((t) => t < built);
  } catch {
    return false;
  }
}

const noop = () => undefined;
const quietLogger = { trace: noop, debug: noop, info: noop, warn: noop, error: noop, log: noop };

/** Bundles the workflows from their sources and writes the bundle; answers its size in bytes. */
export async function buildWorkflowBundle(): Promise<number> {
  const { code } = await bundleWorkflowCode({
    workflowsPath: path.join(projectRoot, 'workflows', 'index.ts'),
    logger: quietLogger,
    // Stack traces keep their files and lines; the sources themselves stay out of every workflow's context.
    webpackConfigHook: (config) => ({ ...config, devtool: 'inline-nosources-source-map' }),
  });
  mkdirSync(path.dirname(workflowBundlePath), { recursive: true });
  writeFileSync(workflowBundlePath, code);
  return Buffer.byteLength(code);
}
