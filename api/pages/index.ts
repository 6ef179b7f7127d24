import express, { Router, type ErrorRequestHandler, type Request, type Response } from 'express';
import type { Connection } from 'mongoose';
import { orderModel } from '../../orders/order-model';
import { AppError } from '../../domain/errors';
import type { Logger } from '../../logging/logger';
import { errorMessage } from '../messages';
import type { ApiAnswer, ApiErrorBody } from './api-call';
import { pageAssets } from './assets';
import { accountPages } from './customer-area';
import { csrfProtection, CsrfTokenError } from './csrf';
import { newLoginPages } from './new-login';
import { orderRegistrationPages } from './order-registration';
import type { PageDeps } from './page-deps';
import { pageText } from './page-texts';
import { pageLanguageOf } from './language';
import { privacyPages } from './privacy';
import { recoveryPages } from './recovery';
import { pageRenderer } from './render';
import { signInPages } from './sign-in';
import { signupPages } from './signup';

export interface PagesDeps {
  /** Signs the CSRF tokens of the forms. */
  sessionSecret: string;
  mongo: Connection;
  logger: Logger;
}

/** The customer pages (docs/pages.md): server-rendered, Italian by default, each step one call of the JSON API. */
export function pageRoutes({ sessionSecret, mongo, logger }: PagesDeps): Router {
  const router = Router();
  const { assets, router: assetRouter } = pageAssets();
  const csrf = csrfProtection(sessionSecret);
  const render = pageRenderer(assets, csrf);
  const forms = [express.urlencoded({ extended: false, limit: '32kb', parameterLimit: 100 }), csrf.verify];
  const message = (req: Request, res: Response, status: number, text: string) =>
    render(req, res, 'message', { title: pageText('errorTitle', pageLanguageOf(req).language), paragraphs: [text] }, status);
  const renderApiError = (req: Request, res: Response, answer: ApiAnswer<ApiErrorBody>) => {
    if (answer.status === 404) return message(req, res, 404, pageText('notFound', pageLanguageOf(req).language));
    message(req, res, answer.status, answer.body.error.message);
  };
  const deps: PageDeps = { render, forms, renderApiError, orders: orderModel(mongo) };

  router.use(assetRouter);
  router.get('/', (req, res) => res.redirect(303, '/area-clienti' + (pageLanguageOf(req).query ? `?${pageLanguageOf(req).query}` : '')));
  for (const pages of [signupPages, orderRegistrationPages, signInPages, accountPages, newLoginPages, recoveryPages, privacyPages]) router.use(pages(deps));

  // A page's failure is a page, never the API's JSON.
  const pageErrors: ErrorRequestHandler = (error: unknown, req, res, next) => {
    // Errors of the API's own requests (also those a page runs inside itself) stay JSON.
    if (req.path.startsWith('/api/')) return next(error);
    const language = pageLanguageOf(req).language;
    if (error instanceof CsrfTokenError) return message(req, res, 403, pageText('csrfExpired', language));
    if (error instanceof AppError) return message(req, res, error.status, errorMessage(error.code, language, error.message));
    logger.error({ err: error, method: req.method, path: req.path }, 'page failed');
    message(req, res, 500, pageText('internalError', language));
  };
  router.use(pageErrors);
  return router;
}
