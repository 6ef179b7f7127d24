import { Router } from 'express';
import { PRIVACY_NOTICE_VERSION } from '../../domain/privacy';
import { pageLanguageOf } from './language';
import type { PageDeps } from './page-deps';
import { pageText } from './page-texts';

/** The privacy notice, one page per version (`/privacy/<version>`): the form links the version it records. */
export function privacyPages({ render }: PageDeps): Router {
  const router = Router();
  router.get('/privacy/:version', (req, res, next) => {
    if (req.params.version !== PRIVACY_NOTICE_VERSION) return next();
    const { language } = pageLanguageOf(req);
    render(req, res, 'message', {
      title: pageText('privacyTitle', language),
      paragraphs: [pageText('privacyVersion', language, { version: PRIVACY_NOTICE_VERSION }), pageText('privacyBody', language)],
    });
  });
  return router;
}
