import { DefaultLogger, NativeConnection, Runtime, Worker } from '@temporalio/worker';
import type { NoopActivities } from './noop-workflow';

/**
 * The floor's worker, a process of its own so its CPU is measured apart:
 * `node noop-worker.js <temporal address> <namespace> <task queue>`. Prints `ready` once polling.
 */
async function main(): Promise<void> {
  const [address, namespace, taskQueue] = process.argv.slice(2);
  if (!address || !namespace || !taskQueue) throw new Error('usage: noop-worker.js <temporal address> <namespace> <task queue>');
  Runtime.install({ logger: new DefaultLogger('WARN') });
  const connection = await NativeConnection.connect({ address });
  const activities: NoopActivities = { noop: async () => undefined };
  // The SDK as the system's worker runs it: stack traces only with TEMPORAL_WORKFLOW_STACK_TRACES=on (config/index.ts).
  const workflowStackTraces = process.env.TEMPORAL_WORKFLOW_STACK_TRACES === 'on';
  const worker = await Worker.create({ connection, namespace, taskQueue, workflowsPath: require.resolve('./noop-workflow'), activities, workflowStackTraces });
  console.log('ready');
  await worker.run(); // until SIGTERM (the SDK's handler shuts it down)
  await connection.close();
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
