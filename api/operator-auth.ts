import { createHash, timingSafeEqual } from 'node:crypto';
import type { RequestHandler, Response } from 'express';
import type { Config } from '../config';
import { OPERATOR_ID } from '../contracts';
import { UnauthorizedError } from '../domain/errors';

export interface NamedOperator {
  id: string;
  token: string;
}

const digest = (token: string): Buffer => createHash('sha256').update(token).digest();

/** The operators of the config: OPERATOR_TOKENS, or OPERATOR_TOKEN alone as one operator named `operator`. */
export function operatorsOf(config: Pick<Config, 'OPERATOR_TOKEN' | 'OPERATOR_TOKENS'>): NamedOperator[] {
  if (!config.OPERATOR_TOKENS) return [{ id: OPERATOR_ID, token: config.OPERATOR_TOKEN }];
  return config.OPERATOR_TOKENS.split(',').map((pair) => {
    const [id, ...token] = pair.trim().split(':');
    return { id: id!, token: token.join(':') };
  });
}

/**
 * Who presents a token: compared with every operator's token in constant time, over digests (so
 * lengths leak nothing), and without stopping at the first match (so the position leaks nothing).
 */
export function operatorWithToken(operators: NamedOperator[], token: string): string | undefined {
  const given = digest(token);
  let found: string | undefined;
  for (const operator of operators) if (timingSafeEqual(given, digest(operator.token)) && found === undefined) found = operator.id;
  return found;
}

/** `Authorization: Bearer <token>` of a named operator; the operator's id goes to `res.locals.operatorId`. */
export function requireOperator(operators: NamedOperator[]): RequestHandler {
  return (req, res, next) => {
    const match = /^Bearer (.+)$/.exec(req.get('authorization') ?? '');
    const operatorId = match ? operatorWithToken(operators, match[1]!) : undefined;
    if (!operatorId) return next(new UnauthorizedError('operator token required'));
    res.locals.operatorId = operatorId;
    next();
  };
}

/** The operator `requireOperator` let through. */
export function signedInOperator(res: Response): string {
  const operatorId: unknown = res.locals.operatorId;
  if (typeof operatorId !== 'string') throw new Error('requireOperator must run before this route');
  return operatorId;
}
