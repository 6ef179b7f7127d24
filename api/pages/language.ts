import type { Request } from 'express';
import type { Language } from '../messages';

/**
 * A page's language: `?lang=en|it` first (and links keep it), then Accept-Language, else Italian.
 * `linkSuffix` is what each link and form action of the page carries to stay in that language.
 */
export interface PageLanguage {
  language: Language;
  /** `lang=en` when the language came from the query, else empty. */
  query: string;
}

export function pageLanguageOf(req: Request): PageLanguage {
  const asked = typeof req.query.lang === 'string' ? req.query.lang : undefined;
  if (asked === 'en' || asked === 'it') return { language: asked, query: `lang=${asked}` };
  return { language: req.acceptsLanguages('it', 'en') === 'en' ? 'en' : 'it', query: '' };
}

/** `path` with the page's language kept, e.g. `/accedi?lang=en`. */
export function localPath(path: string, language: PageLanguage): string {
  if (!language.query) return path;
  return path + (path.includes('?') ? '&' : '?') + language.query;
}
