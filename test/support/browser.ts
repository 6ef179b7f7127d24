import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import type { ReceivedMail } from '../../stack/mail-sink';

/** Debian's chromium (scripts/install-chromium.sh): Playwright's own browser download does not work here. */
const CHROMIUM = '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

/**
 * One headless chromium per test file; `launch` gives it a fresh temporary profile (user-data dir), removed when it closes.
 * Every context reports what chromium logs when the pages' CSP blocks something (an inline script
 * or style, a foreign source): `takeCspViolations()` returns them and starts a new list.
 */
export class TestBrowser {
  private browser?: Browser;
  private cspViolations: string[] = [];
  async start(): Promise<this> {
    this.browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS, headless: true });
    return this;
  }

  /** A context of its own (cookies, JavaScript on or off) and the language the browser asks for. */
  async context(options: { javaScriptEnabled?: boolean; locale?: 'it-IT' | 'en-GB' } = {}): Promise<BrowserContext> {
    const context = await this.browser!.newContext({ javaScriptEnabled: options.javaScriptEnabled ?? true, locale: options.locale ?? 'it-IT' });
    context.setDefaultTimeout(15_000);
    context.on('console', (message) => {
      if (message.type() === 'error' && /Content Security Policy/.test(message.text())) this.cspViolations.push(`${message.location().url}: ${message.text()}`);
    });
    return context;
  }

  /** The CSP violations logged since the last call (tests assert none, after each step). */
  takeCspViolations(): string[] {
    const found = this.cspViolations;
    this.cspViolations = [];
    return found;
  }

  async stop(): Promise<void> {
    await this.browser?.close();
  }
}

/** axe-core's serious and critical violations on the page as it is now (ids and the first offending node). */
export async function seriousViolations(page: Page): Promise<string[]> {
  // Evaluated as strings: the test's TypeScript has no DOM types. Injected through Playwright's
  // evaluation, so the page's CSP (script-src 'self') does not apply to it.
  if (!(await page.evaluate('typeof window.axe !== "undefined"'))) await page.evaluate(AXE_SOURCE);
  const results = (await page.evaluate("axe.run(document, { resultTypes: ['violations'] })")) as { violations: { id: string; impact: string; nodes: { html: string }[] }[] };
  return results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.nodes[0]?.html ?? ''}`);
}

/**
 * With `PAGE_SCREENSHOTS=<dir>` (scripts/screenshots.sh), saves what the page shows as
 * `<dir>/<name>.png`; otherwise does nothing, so the tests stay fast.
 */
export async function screenshot(page: Page, name: string): Promise<void> {
  const dir = process.env.PAGE_SCREENSHOTS;
  if (!dir) return;
  mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: path.join(dir, `${name}.png`), fullPage: true });
}

/** The first link of an e-mail's text part that points to the system, moved onto the test's own server. */
export function linkIn(mail: ReceivedMail, baseUrl: string): string {
  const found = (mail.parsed.text ?? '').match(/https?:\/\/[^\s)]+/);
  if (!found) throw new Error(`no link in e-mail "${mail.parsed.subject}"`);
  const link = new URL(found[0]);
  return new URL(link.pathname + link.search, baseUrl).toString();
}
