import { readFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import Handlebars from 'handlebars';
import type { EmailTemplate, Locale } from '../contracts';
import { EMAIL_TEMPLATES, LOCALES } from '../contracts';

export interface RenderedEmail {
  subject: string;
  html: string;
  text: string;
}

type Compiled = (context: object) => string;
interface LocaleTemplates {
  layoutHtml: Compiled;
  layoutText: Compiled;
  templates: Record<EmailTemplate, { subject: Compiled; html: Compiled; text: Compiled }>;
}

/**
 * Renders the Handlebars e-mails under `templates/email/` (layout of its own per part, partials per
 * locale, one folder per template with `<locale>.subject|html|text.hbs`). Everything is compiled
 * once, at construction, so a missing file stops the worker at start-up, not at the first send.
 * HTML escapes every value; templates are strict, so a missing value is an error, never a blank.
 */
export class EmailRenderer {
  private readonly locales: Record<Locale, LocaleTemplates>;

  constructor(root: string) {
    this.locales = Object.fromEntries(LOCALES.map((locale) => [locale, compileLocale(root, locale)])) as Record<
      Locale,
      LocaleTemplates
    >;
  }

  render(template: EmailTemplate, locale: Locale, data: object): RenderedEmail {
    const compiled = this.locales[locale];
    const parts = compiled.templates[template];
    const context = { ...data, locale };
    // Subjects are header text: one line, whitespace collapsed.
    const subject = parts.subject(context).replace(/\s+/g, ' ').trim();
    return {
      subject,
      html: compiled.layoutHtml({ locale, subject, body: new Handlebars.SafeString(parts.html(context)) }),
      text: compiled.layoutText({ locale, subject, body: parts.text(context).trim() }).trim() + '\n',
    };
  }
}

function compileLocale(root: string, locale: Locale): LocaleTemplates {
  const hbs = Handlebars.create();
  const read = (...segments: string[]) => {
    const file = path.join(root, ...segments);
    if (!existsSync(file)) throw new Error(`e-mail template missing: ${file}`);
    return readFileSync(file, 'utf8');
  };
  const html = (source: string): Compiled => hbs.compile(source, { strict: true });
  // Plain text is not HTML: escaping would print `&amp;` to the reader.
  const plain = (source: string): Compiled => hbs.compile(source, { strict: true, noEscape: true });

  for (const partial of ['header', 'footer']) {
    hbs.registerPartial(`${partial}-html`, read('partials', `${partial}.${locale}.html.hbs`));
    hbs.registerPartial(`${partial}-text`, read('partials', `${partial}.${locale}.text.hbs`));
  }
  const templates = Object.fromEntries(
    EMAIL_TEMPLATES.map((name) => [
      name,
      {
        subject: plain(read(name, `${locale}.subject.hbs`)),
        html: html(read(name, `${locale}.html.hbs`)),
        text: plain(read(name, `${locale}.text.hbs`)),
      },
    ]),
  ) as LocaleTemplates['templates'];
  return { layoutHtml: html(read('layouts', 'main.html.hbs')), layoutText: plain(read('layouts', 'main.text.hbs')), templates };
}
