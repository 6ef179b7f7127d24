import { Router } from 'express';
import { z } from 'zod';
import type { ApiDocument } from '../openapi';
import { route } from '../route';

/** A dependency check: resolves true when the dependency answers. */
export type ReadinessCheck = () => Promise<boolean>;

const CHECK_TIMEOUT_MS = 2000;

const withTimeout = (check: ReadinessCheck): Promise<boolean> =>
  Promise.race([check().catch(() => false), new Promise<boolean>((resolve) => setTimeout(() => resolve(false), CHECK_TIMEOUT_MS).unref())]);

const readiness = z.object({ status: z.enum(['ready', 'unavailable']), checks: z.record(z.string(), z.enum(['up', 'down'])) });

/** `/healthz`: the process is alive. `/readyz`: every dependency answers (Mongo, Redis, Temporal). */
export function healthRoutes(docs: ApiDocument, checks: Record<string, ReadinessCheck>): Router {
  const router = Router();
  route(router, docs, { method: 'get', path: '/healthz', summary: 'Liveness', tags: ['health'], responses: { 200: { description: 'Alive', schema: z.object({ status: z.literal('ok') }) } } }, (_req, res) => {
    res.json({ status: 'ok' });
  });
  route(
    router,
    docs,
    {
      method: 'get',
      path: '/readyz',
      summary: 'Readiness: every dependency answers',
      tags: ['health'],
      responses: { 200: { description: 'Ready', schema: readiness }, 503: { description: 'A dependency is down', schema: readiness } },
    },
    async (_req, res) => {
      const names = Object.keys(checks);
      const results = await Promise.all(names.map((name) => withTimeout(checks[name]!)));
      const status = results.every(Boolean) ? 'ready' : 'unavailable';
      res.status(status === 'ready' ? 200 : 503).json({
        status,
        checks: Object.fromEntries(names.map((name, i) => [name, results[i] ? 'up' : 'down'])),
      });
    },
  );
  return router;
}
