import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Express } from 'express';

/** Serves an app on a free port for one suite; `url(path)` addresses it. */
export async function listen(app: Express): Promise<{ url: (path: string) => string; close: () => Promise<void> }> {
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: (path) => `http://127.0.0.1:${port}${path}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** A response body as parsed JSON; tests assert on its shape. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type JsonBody = any;
export const json = (res: Response): Promise<JsonBody> => res.json() as Promise<JsonBody>;
