import { createHash, timingSafeEqual } from 'node:crypto';
import type { RequestHandler } from 'express';
import { UnauthorizedError } from '../domain/errors';

/** `Authorization: Bearer <OPERATOR_TOKEN>`, compared in constant time (over digests, so lengths leak nothing). */
export function requireOperator(operatorToken: string): RequestHandler {
  const expected = createHash('sha256').update(operatorToken).digest();
  return (req, _res, next) => {
    const match = /^Bearer (.+)$/.exec(req.get('authorization') ?? '');
    const given = createHash('sha256').update(match?.[1] ?? '').digest();
    if (!match || !timingSafeEqual(given, expected)) return next(new UnauthorizedError('operator token required'));
    next();
  };
}
