import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Express } from 'express';

/** A server on a free port of 127.0.0.1 that answers nothing yet: its origin is known before the app (and its PUBLIC_BASE_URL) is built. */
export interface ReservedServer {
  server: Server;
  origin: string;
}

export async function reserveServer(): Promise<ReservedServer> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

/** Serves an app on a free port (or on a reserved server) for one suite; `url(path)` addresses it. */
export async function listen(app: Express, reserved?: ReservedServer): Promise<{ url: (path: string) => string; close: () => Promise<void> }> {
  const { server, origin } = reserved ?? (await reserveServer());
  server.on('request', app);
  return {
    url: (path) => `${origin}${path}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** A response body as parsed JSON; tests assert on its shape. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type JsonBody = any;
export const json = (res: Response): Promise<JsonBody> => res.json() as Promise<JsonBody>;
