import type { RequestHandler } from 'express';
import { AppError } from '../domain/errors';
import type { ApiDocument } from './openapi';

/** 405: the path exists, the method does not; `Allow` lists the ones that do. */
export class MethodNotAllowedError extends AppError {
  readonly code = 'method_not_allowed';
  readonly status = 405;
}

/**
 * Answers a request to a declared path with an undeclared method: 405 with `Allow` (RFC 9110
 * §15.5.6), not the 404 of an unknown path, nor the 401 of a router's sign-in guard. Mounted before
 * the routes (the table is read from `docs` at the first request, once every route is declared),
 * letting through `except` (CORS preflights), and once more after them for what is left.
 */
export function methodNotAllowed(docs: ApiDocument, options: { except?: string[] } = {}): RequestHandler {
  let paths: Map<string, { pattern: RegExp; methods: Set<string> }> | undefined;
  const table = () => {
    paths = new Map();
    for (const route of docs.declaredRoutes()) {
      const entry = paths.get(route.path) ?? { pattern: patternOf(route.path), methods: new Set<string>() };
      entry.methods.add(route.method.toUpperCase());
      if (route.method === 'get') entry.methods.add('HEAD'); // Express answers HEAD with the GET route
      paths.set(route.path, entry);
    }
    return paths;
  };
  return (req, res, next) => {
    if (options.except?.includes(req.method)) return next();
    const match = [...(paths ?? table()).values()].find((entry) => entry.pattern.test(req.path));
    if (!match || match.methods.has(req.method)) return next();
    res.setHeader('Allow', [...match.methods].sort().join(', '));
    next(new MethodNotAllowedError(`${req.method} is not allowed here`));
  };
}

/** `/api/v1/signups/{signupId}` → a pattern where each parameter is one non-empty segment. */
const patternOf = (path: string): RegExp =>
  new RegExp(`^${path.split(/\{\w+\}/).map((part) => part.replace(/[.*+?^$()|[\]\\]/g, '\\$&')).join('[^/]+')}/?$`);
