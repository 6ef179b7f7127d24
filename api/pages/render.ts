import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Request, Response } from 'express';
import Handlebars from 'handlebars';
import { pagesTemplatesDir, type Assets } from './assets';
import type { Csrf } from './csrf';
import { localPath, pageLanguageOf, type PageLanguage } from './language';
import { pageText } from './page-texts';

/** What every page template may use besides its own data. */
export interface PageContext {
  title: string;
  /** `{path: message}` of the fields in error, and the summary's list in form order. */
  errors?: PageErrors;
  /** The signed-in username, shown in the header with the menu. */
  username?: string;
  [key: string]: unknown;
}

export interface PageErrors {
  byField: Record<string, string>;
  list: { path: string; message: string; anchor: string }[];
}

export type RenderPage = (req: Request, res: Response, template: string, context: PageContext, status?: number) => void;

/**
 * The pages' Handlebars: one layout, partials from `templates/pages/partials/`, one template per
 * page. Values are HTML-escaped; `t` is the page text in the page's language.
 */
export function pageRenderer(assets: Assets, csrf: Csrf): RenderPage {
  const hbs = Handlebars.create();
  const read = (...segments: string[]) => readFileSync(path.join(pagesTemplatesDir, ...segments), 'utf8');
  for (const file of readdirSync(path.join(pagesTemplatesDir, 'partials'))) {
    hbs.registerPartial(path.basename(file, '.hbs'), read('partials', file));
  }
  hbs.registerHelper('t', function (this: unknown, key: string, options: Handlebars.HelperOptions) {
    const language = (options.data.root as { lang: PageLanguage }).lang.language;
    return pageText(key, language, options.hash as Record<string, string>);
  });
  hbs.registerHelper('url', (pathname: string, options: Handlebars.HelperOptions) => localPath(pathname, (options.data.root as { lang: PageLanguage }).lang));
  hbs.registerHelper('eq', (a: unknown, b: unknown) => a === b);
  hbs.registerHelper('concat', (...parts: unknown[]) => parts.slice(0, -1).join(''));
  hbs.registerHelper('fieldError', (field: string, options: Handlebars.HelperOptions) => (options.data.root as PageContext).errors?.byField[field]);
  hbs.registerHelper('fieldId', (field: string) => fieldAnchor(field));
  hbs.registerHelper('value', (field: string, options: Handlebars.HelperOptions) => valueAt((options.data.root as { values?: unknown }).values, field));
  hbs.registerHelper('checked', (field: string, expected: string, options: Handlebars.HelperOptions) =>
    String(valueAt((options.data.root as { values?: unknown }).values, field) ?? '') === expected ? 'checked' : '',
  );
  hbs.registerHelper('date', (value: string, options: Handlebars.HelperOptions) =>
    new Date(value).toLocaleDateString((options.data.root as { lang: PageLanguage }).lang.language === 'en' ? 'en-GB' : 'it-IT', { timeZone: 'UTC' }),
  );
  const layout = hbs.compile(read('layout.hbs'));
  const pages = new Map<string, Handlebars.TemplateDelegate>();
  for (const file of readdirSync(pagesTemplatesDir).filter((name) => name.endsWith('.hbs') && name !== 'layout.hbs')) {
    pages.set(path.basename(file, '.hbs'), hbs.compile(read(file)));
  }

  return (req, res, template, context, status = 200) => {
    const page = pages.get(template);
    if (!page) throw new Error(`page template missing: ${template}`);
    const lang = pageLanguageOf(req);
    const otherLanguage = lang.language === 'it' ? 'en' : 'it';
    const switchUrl = new URL(req.originalUrl, 'http://page.invalid');
    switchUrl.searchParams.set('lang', otherLanguage);
    const root = {
      ...context,
      lang,
      htmlLang: lang.language,
      assets,
      csrfField: csrf.tokenFor(req, res),
      languageSwitch: { href: switchUrl.pathname + switchUrl.search, label: otherLanguage === 'en' ? 'English' : 'Italiano', lang: otherLanguage },
    };
    const body = page(root);
    res
      .status(status)
      .set({ 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store', 'content-language': lang.language, vary: 'Accept-Language, Cookie' })
      .send(layout({ ...root, body: new Handlebars.SafeString(body) }));
  };
}

/** The element id of a form field, e.g. `holder.taxCode` → `f-holder-taxCode`. */
export function fieldAnchor(field: string): string {
  return `f-${field.replace(/[^A-Za-z0-9_-]/g, '-')}`;
}

function valueAt(values: unknown, field: string): unknown {
  let at: unknown = values;
  for (const key of field.split('.')) {
    if (typeof at !== 'object' || at === null) return undefined;
    at = (at as Record<string, unknown>)[key];
  }
  return at;
}
