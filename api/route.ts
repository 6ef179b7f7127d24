import type { Request, Response, Router } from 'express';
import type { z } from 'zod';
import type { ApiDocument, RouteDoc } from './openapi';
import { parseOrThrow } from './validation';

export type RouteHandler<B> = (req: Request, res: Response, body: B) => unknown;

/**
 * Registers one route: documented in the OpenAPI document and validated by the same body schema.
 * Handlers may be async; Express 5 hands their rejections to the error middleware.
 */
export function route<S extends z.ZodType | undefined>(
  router: Router,
  docs: ApiDocument,
  spec: Omit<RouteDoc, 'body'> & { body?: S },
  handler: RouteHandler<S extends z.ZodType ? z.output<S> : undefined>,
): void {
  docs.add(spec);
  const expressPath = spec.path.replace(/\{(\w+)\}/g, ':$1');
  router[spec.method](expressPath, async (req, res) => {
    const body = spec.body ? parseOrThrow(spec.body, req.body) : undefined;
    await handler(req, res, body as S extends z.ZodType ? z.output<S> : undefined);
  });
}
