import type { ErrorRequestHandler, Request, RequestHandler } from 'express';
import { AppError, NotFoundError, ValidationError } from '../domain/errors';
import { RateLimitedError } from './rate-limit';
import type { Logger } from '../logging/logger';
import { errorMessage, ruleMessage, type Language } from './messages';

export function languageOf(req: Request): Language {
  return req.acceptsLanguages('it', 'en') === 'en' ? 'en' : 'it';
}

/** Errors of the body parser (express.json) that are the client's, by their `type`. */
const BODY_PARSER_ERRORS: Record<string, { status: number; code: string }> = {
  'entity.parse.failed': { status: 400, code: 'malformed_json' },
  'entity.too.large': { status: 413, code: 'payload_too_large' },
  'encoding.unsupported': { status: 415, code: 'unsupported_media_type' },
  'charset.unsupported': { status: 415, code: 'unsupported_media_type' },
  'request.aborted': { status: 400, code: 'malformed_json' },
};

export const notFoundHandler: RequestHandler = (_req, _res, next) => next(new NotFoundError('no such endpoint'));

/** The one error middleware: typed errors become the API's error shape; anything else is a 500, logged. */
export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (error: unknown, req, res, _next) => {
    const language = languageOf(req);
    if (error instanceof AppError) {
      const body: Record<string, unknown> = { code: error.code, message: errorMessage(error.code, language, error.message) };
      if (error instanceof ValidationError) {
        body.fields = error.fields.map((field) => ({
          path: field.path,
          rule: field.rule,
          message: field.message ?? ruleMessage(field.rule, language, field.params),
        }));
      }
      if (error instanceof RateLimitedError) res.set('retry-after', String(error.retryAfterSeconds));
      res.status(error.status).json({ error: body });
      return;
    }
    const parserError = BODY_PARSER_ERRORS[(error as { type?: string }).type ?? ''];
    if (parserError) {
      res.status(parserError.status).json({ error: { code: parserError.code, message: errorMessage(parserError.code, language, parserError.code) } });
      return;
    }
    logger.error({ err: error, method: req.method, path: req.path }, 'unhandled error');
    res.status(500).json({ error: { code: 'internal_error', message: errorMessage('internal_error', language, 'internal error') } });
  };
}
