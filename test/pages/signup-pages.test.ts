import type { BrowserContext, Page } from 'playwright-core';
import { screenshot, seriousViolations, TestBrowser } from '../support/browser';
import { SystemHarness } from '../support/system-harness';

const STRONG = 'Tramonto-Sul-Lago-42';

describe('the signup pages in a real browser', () => {
  const system = new SystemHarness();
  const browser = new TestBrowser();
  let context: BrowserContext;
  let page: Page;
  beforeAll(async () => {
    // Every page runs from 127.0.0.1: the per-address limits are tested on their own.
    await Promise.all([system.startSystem({ servedAtPublicBaseUrl: true, overrides: { SIGNUP_RATE_LIMIT_PER_MINUTE: '100000' } }), browser.start()]);
    context = await browser.context();
    page = await context.newPage();
  }, 90_000);
  afterAll(async () => {
    await browser.stop();
    await system.stop();
  });
  beforeEach(() => system.sink.clear());
  // helmet's CSP applies to the pages: nothing on them may be blocked by it.
  afterEach(() => expect(browser.takeCspViolations()).toEqual([]));

  const expectAccessible = async (target: Page, name: string) => {
    await screenshot(target, name);
    expect(await seriousViolations(target)).toEqual([]);
  };

  async function fillPerson(target: Page, person: { taxCode: string; email: string; emailConfirmation: string }) {
    await target.fill('#f-holder-firstName', 'Mario');
    await target.fill('#f-holder-lastName', 'Rossi');
    await target.fill('#f-holder-taxCode', person.taxCode);
    await target.fill('#f-address-street', 'Via del Corso 1');
    await target.fill('#f-address-postalCode', '00186');
    await target.fill('#f-address-province', 'RM');
    await target.fill('#f-address-city', 'Roma');
    await target.fill('#f-phone', '+39 06 6982 1234');
    await target.fill('#f-email', person.email);
    await target.fill('#f-emailConfirmation', person.emailConfirmation);
    await target.fill('#f-recovery-question', 'Nome del primo animale domestico?');
    await target.fill('#f-recovery-answer', 'Fufi di Trastevere');
    await target.check('#f-privacy-noticeAccepted');
    await target.check('#f-privacy-processingConsent-yes');
    await target.check('#f-privacy-marketingConsent-no');
  }

  it('Italian: type, form with errors shown at their fields, CREDENZIALI DI ACCESSO with live criteria, success and "Conferma iscrizione"', async () => {
    await page.goto(system.url('/registrazione'));
    expect(await page.textContent('h1')).toBe('Modulo di Registrazione');
    expect(await page.getAttribute('html', 'lang')).toBe('it');
    await expectAccessible(page, 'signup-type-it');
    await page.check('#tipo-persona_fisica');
    await page.click('button[type=submit]');
    // A person's form: names and codice fiscale, no company name.
    expect(await page.locator('#f-holder-companyName').count()).toBe(0);

    await fillPerson(page, { taxCode: 'RSSMRA80A01H501X', email: 'mario.rossi@example.it', emailConfirmation: 'mario.rossi@example.com' });
    await page.click('text=AVANTI con la registrazione');
    await page.waitForSelector('[data-error-summary]');
    expect(await page.evaluate("document.activeElement?.hasAttribute('data-error-summary')")).toBe(true);
    expect(await page.textContent('#f-holder-taxCode-error')).toContain('carattere di controllo');
    expect(await page.textContent('#f-emailConfirmation-error')).toBe('I due valori non coincidono.');
    expect(await page.locator('[data-error-summary] li').count()).toBe(2);
    // Typed values are kept, the secret answer is not.
    expect(await page.inputValue('#f-holder-firstName')).toBe('Mario');
    expect(await page.inputValue('#f-recovery-answer')).toBe('');
    await expectAccessible(page, 'signup-errors-it');

    await page.fill('#f-holder-taxCode', 'RSSMRA80A01H501U');
    await page.fill('#f-emailConfirmation', 'mario.rossi@example.it');
    await page.fill('#f-recovery-answer', 'Fufi di Trastevere');
    await page.click('text=AVANTI con la registrazione');
    await page.waitForURL(/\/registrazione\/[0-9a-f-]+\/credenziali$/);
    expect(await page.textContent('h1')).toBe('CREDENZIALI DI ACCESSO');
    const username = (await page.textContent('[data-username-shown]'))!;
    expect(username).toMatch(/^\d{7}@aruba\.it$/);

    // Each criterion turns green as it is met.
    await page.locator('#f-password').pressSequentially('abc');
    await page.waitForSelector('[data-criterion=lowercase].met');
    expect(await page.getAttribute('[data-criterion=uppercase]', 'class')).toContain('unmet');
    expect(await page.getAttribute('#password-criteria', 'aria-live')).toBe('polite');
    await expectAccessible(page, 'credentials-criteria-it');
    await page.fill('#f-password', 'password');
    await page.fill('#f-passwordConfirmation', 'password');
    await page.click('button[type=submit]');
    await page.waitForSelector('#f-password-error');
    expect(await page.inputValue('#f-password')).toBe('');

    await page.locator('#f-password').fill(STRONG);
    await page.locator('#f-password').press('End');
    await page.locator('#f-password').pressSequentially('!');
    await page.waitForSelector('[data-criterion=symbol].met');
    expect(await page.locator('.criterion.met').count()).toBe(7);
    await page.fill('#f-passwordConfirmation', `${STRONG}!`);
    await page.click('button[type=submit]');
    await page.waitForURL(/\/completata$/);
    expect(await page.textContent('main')).toContain(username);
    await expectAccessible(page, 'signup-done-it');

    const [mail] = await system.sink.waitForMessages(1);
    expect(mail!.parsed.subject).toBe('Conferma iscrizione');
    expect(mail!.parsed.text).toContain(username);
  });

  it('English (?lang=en): the same journey in English, links keep the language', async () => {
    await page.goto(system.url('/registrazione?lang=en&tipo=persona_fisica'));
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    expect(await page.textContent('h1')).toBe('Registration form');
    await fillPerson(page, { taxCode: 'RSSMRA80A01H501U', email: 'mario@example', emailConfirmation: 'mario@example' });
    await page.click('button[type=submit]');
    await page.waitForSelector('[data-error-summary]');
    expect(await page.textContent('#f-email-error')).toBe('Enter a valid, working e-mail address.');
    await expectAccessible(page, 'signup-errors-en');
    await page.fill('#f-email', 'mario.en@example.it');
    await page.fill('#f-emailConfirmation', 'mario.en@example.it');
    await page.fill('#f-recovery-answer', 'Fufi di Trastevere');
    await page.click('button[type=submit]');
    await page.waitForURL(/\/credenziali\?lang=en$/);
    expect(await page.textContent('h1')).toBe('ACCESS CREDENTIALS');
    await page.locator('#f-password').pressSequentially('Ab1');
    await page.waitForSelector('[data-criterion=digit].met');
    expect(await page.textContent('[data-criterion=digit]')).toContain('At least one number');
    await expectAccessible(page, 'credentials-criteria-en');
    await page.fill('#f-password', STRONG);
    await page.fill('#f-passwordConfirmation', STRONG);
    await page.click('button[type=submit]');
    await page.waitForURL(/\/completata\?lang=en$/);
    expect(await page.textContent('h1')).toBe('Registration completed');
    const [mail] = await system.sink.waitForMessages(1);
    expect(mail!.envelopeTo).toEqual(['mario.en@example.it']);
  });

  it('without JavaScript the whole signup still works, criteria checked on submit; Accept-Language: en picks English', async () => {
    const noJs = await browser.context({ javaScriptEnabled: false, locale: 'en-GB' });
    const plain = await noJs.newPage();
    await plain.goto(system.url('/registrazione'));
    expect(await plain.textContent('h1')).toBe('Registration form');
    await plain.check('#tipo-azienda');
    await plain.click('button[type=submit]');
    await plain.fill('#f-holder-companyName', 'Rossi Costruzioni S.r.l.');
    await plain.fill('#f-holder-vatNumber', '00488410010');
    await plain.fill('#f-address-street', 'Via Roma 10');
    await plain.fill('#f-address-postalCode', '52100');
    await plain.fill('#f-address-province', 'AR');
    await plain.fill('#f-address-city', 'Arezzo');
    await plain.fill('#f-phone', '+39 0575 123456');
    await plain.fill('#f-email', 'info@rossicostruzioni.example.it');
    await plain.fill('#f-emailConfirmation', 'info@rossicostruzioni.example.it');
    await plain.check('#f-privacy-noticeAccepted');
    await plain.check('#f-privacy-processingConsent-no');
    await plain.check('#f-privacy-marketingConsent-no');
    await plain.click('button[type=submit]');
    await plain.waitForURL(/\/credenziali$/);
    expect(await plain.isVisible('text=The criteria are checked when you confirm.')).toBe(true);
    await plain.fill('#f-password', 'short');
    await plain.fill('#f-passwordConfirmation', 'other');
    await plain.click('button[type=submit]');
    expect(await plain.textContent('#f-passwordConfirmation-error')).toBe('The two values do not match.');
    await plain.fill('#f-password', STRONG);
    await plain.fill('#f-passwordConfirmation', STRONG);
    await plain.click('button[type=submit]');
    await plain.waitForURL(/\/completata$/);
    expect(await plain.textContent('h1')).toBe('Registration completed');
    await system.sink.waitForMessages(1);
    await noJs.close();
  });

  it('a form posted without its CSRF token is refused, and nothing starts', async () => {
    const res = await fetch(system.url('/registrazione'), { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'subjectType=persona_fisica', redirect: 'manual' });
    expect(res.status).toBe(403);
    expect(await res.text()).toContain('Il modulo è scaduto');
  });

  it('no inline script or style on the pages (CSP script-src and style-src self); assets cached for a year', async () => {
    for (const path of ['/registrazione', '/registrazione?tipo=azienda', '/accedi', '/recupero', '/recupero/nuova-password?token=x']) {
      const html = await (await fetch(system.url(path))).text();
      expect({ path, inlineScripts: html.match(/<script(?![^>]*\bsrc=)[^>]*>/g), styleAttributes: html.match(/\sstyle=/g), styleElements: html.match(/<style/g) }).toEqual({
        path,
        inlineScripts: null,
        styleAttributes: null,
        styleElements: null,
      });
    }
    const html = await (await fetch(system.url('/accedi'))).text();
    for (const asset of html.match(/\/assets\/[0-9a-f]{12}\/[\w.]+/g)!) {
      const res = await fetch(system.url(asset));
      expect({ asset, status: res.status, cache: res.headers.get('cache-control') }).toEqual({ asset, status: 200, cache: 'public, max-age=31536000, immutable' });
    }
  });
});
