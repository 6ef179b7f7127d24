import { createServer } from 'node:net';
import type { RuntimeOptions } from '@temporalio/worker';
import { collectDefaultMetrics, Registry } from 'prom-client';
import { listenForMetrics, type MetricsListener } from '../metrics/serve';

/** The Temporal worker's port when METRICS_PORT is not set. */
export const TEMPORAL_WORKER_METRICS_PORT = 9465;

const freeLoopbackPort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });

/**
 * The Temporal worker's metrics on one port: Node's own (prom-client) followed by the SDK's worker
 * metrics (`temporal_*`: task slots, poll and schedule-to-start latencies, sticky cache, activity
 * and workflow task outcomes). The SDK's Rust core exports those itself, on a loopback port chosen
 * here that nobody needs to know: `/metrics` of METRICS_PORT fetches and appends them.
 */
export async function temporalWorkerMetrics(): Promise<{ telemetryOptions: RuntimeOptions['telemetryOptions']; serve: (port: number, logger: Parameters<typeof listenForMetrics>[2]) => Promise<MetricsListener | undefined> }> {
  const sdkPort = await freeLoopbackPort();
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  return {
    telemetryOptions: { metrics: { prometheus: { bindAddress: `127.0.0.1:${sdkPort}`, useSecondsForDurations: true } } },
    serve: (port, logger) => listenForMetrics(registry, port, logger, () => fetch(`http://127.0.0.1:${sdkPort}/metrics`).then((res) => res.text())),
  };
}
