import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Registry } from 'prom-client';

export interface MetricsListener {
  /** The port it listens on (the configured one, or the one the system chose for 0 in tests). */
  port: number;
  close(): Promise<void>;
}

/**
 * Serves `GET /metrics` in Prometheus' text format on 127.0.0.1 only: metrics say how busy the
 * service is, so they stay off the public port. `extra` appends another exporter's text (the
 * Temporal SDK's), so each process has one address to scrape.
 */
export function serveMetrics(registry: Registry, port: number, extra?: () => Promise<string>): Promise<MetricsListener> {
  const server: Server = createServer((req, res) => {
    if (req.method !== 'GET' || (req.url ?? '').split('?')[0] !== '/metrics') {
      res.writeHead(404).end();
      return;
    }
    Promise.all([registry.metrics(), extra ? extra() : Promise.resolve('')])
      .then(([own, more]) => res.writeHead(200, { 'content-type': registry.contentType }).end(more ? `${own}\n${more}` : own))
      .catch((error: Error) => res.writeHead(500, { 'content-type': 'text/plain' }).end(error.message));
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () =>
      resolve({
        port: (server.address() as AddressInfo).port,
        close: () => new Promise<void>((done) => server.close(() => done())),
      }),
    );
  });
}

/**
 * For process entry points: `serveMetrics` on the configured port, or nothing (logged) when that
 * port is taken. Metrics are for operators; a busy port must not keep the service from running.
 */
export async function listenForMetrics(
  registry: Registry,
  port: number,
  logger: { info(obj: object, msg: string): void; error(obj: object, msg: string): void },
  extra?: () => Promise<string>,
): Promise<MetricsListener | undefined> {
  try {
    const listener = await serveMetrics(registry, port, extra);
    logger.info({ url: `http://127.0.0.1:${listener.port}/metrics` }, 'metrics listening on loopback');
    return listener;
  } catch (error) {
    logger.error({ port, err: (error as Error).message }, 'metrics port unavailable: metrics off (set METRICS_PORT)');
    return undefined;
  }
}
