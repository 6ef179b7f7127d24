import type { BrowserContext, Page } from 'playwright-core';
import { orderModel } from '../../orders/order-model';
import { linkIn, screenshot, seriousViolations, TestBrowser } from '../support/browser';
import { completeOrder as signedOrderEvent } from '../support/orders';
import { uniqueName } from '../support/stack';
import { SystemHarness } from '../support/system-harness';

const PASSWORD = 'Tramonto-Sul-Lago-42';
const NEW_PASSWORD = 'Alba-Sul-Monte-77';
const RESET_PASSWORD = 'Nuova-Strada-Per-Casa-9';
const CHANGED_PASSWORD = 'Vento-Di-Maestrale-31';
/** PRIVILEGED_SESSION_MINUTES of this suite: 12 s, so "Crea nuova login" after an old sign-in is tested on the real API. */
const PRIVILEGED_MS = 12_000;
const items = [
  { sku: 'HOST-BASIC', name: 'Hosting Linux Basic', durationMonths: 12 },
  { sku: 'DOMAIN-IT', name: 'Dominio .it', durationMonths: 24 },
];

/**
 * The customer's journeys after the signup, in one browser: REGISTRATI at `registrationUrl`,
 * "Accedi e associa", the customer area, "Crea nuova login", a profile edit seen from the other
 * login, a correction request, lost username, and a reset through the e-mailed link.
 */
describe('the customer pages in a real browser', () => {
  const system = new SystemHarness();
  const browser = new TestBrowser();
  let buyer: BrowserContext;
  let page: Page;
  let username = '';
  let newUsername = '';
  beforeAll(async () => {
    // Every page runs from 127.0.0.1: the per-address limits are tested on their own.
    await Promise.all([
      system.startSystem({ servedAtPublicBaseUrl: true, overrides: { SIGNUP_RATE_LIMIT_PER_MINUTE: '100000', PRIVILEGED_SESSION_MINUTES: String(PRIVILEGED_MS / 60_000) } }),
      browser.start(),
    ]);
    buyer = await browser.context();
    page = await buyer.newPage();
  }, 90_000);
  afterAll(async () => {
    await browser.stop();
    await system.stop();
  });
  beforeEach(() => system.sink.clear());
  // helmet's CSP applies to the pages: nothing on them may be blocked by it.
  afterEach(() => expect(browser.takeCspViolations()).toEqual([]));

  const visited: string[] = [];
  const expectAccessible = async (target: Page, name: string) => {
    visited.push(new URL(target.url()).pathname + new URL(target.url()).search);
    await screenshot(target, name);
    expect(await seriousViolations(target)).toEqual([]);
  };
  const onServer = (url: string) => system.url(new URL(url).pathname + new URL(url).search);

  /** The order pipeline reports an order for a buyer without an account; its REGISTRATI page. */
  async function completeOrder(orderItems = items): Promise<{ orderId: string; registrationUrl: string }> {
    const orderId = uniqueName('ORD');
    const answer = await signedOrderEvent(system, orderId, { orderId, items: orderItems, buyerEmail: 'buyer@example.it' });
    expect(answer.status).toBe(202);
    // The workflow records the order in its first activity: the page shows its items from then on.
    for (let tries = 0; !(await orderModel(system.mongo).exists({ _id: orderId })); tries++) {
      if (tries > 200) throw new Error(`order ${orderId} never recorded`);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    return { orderId, registrationUrl: onServer(answer.body.registrationUrl) };
  }

  /** When the last sign-in's answer arrived: the session's `authenticatedAt` is before it. */
  let signedInAt = 0;
  async function signIn(target: Page, who: string, password: string) {
    await target.goto(system.url('/accedi'));
    await target.fill('#f-username', who);
    await target.fill('#f-password', password);
    const answered = target.waitForResponse((response) => response.request().method() === 'POST' && new URL(response.url()).pathname === '/accedi');
    await target.click('main button[type=submit]');
    await answered;
    signedInAt = Date.now();
  }

  it('REGISTRATI: what was bought, the form, the credentials, and the new login owns the services', async () => {
    const { orderId, registrationUrl } = await completeOrder();
    await page.goto(registrationUrl);
    expect(await page.textContent('h1')).toContain(orderId);
    expect(await page.textContent('.items')).toContain('Hosting Linux Basic');
    await expectAccessible(page, 'registrati-it');
    await page.click('a.button >> text="REGISTRATI"');
    await page.check('#tipo-persona_fisica');
    await page.click('main button[type=submit]');
    await page.fill('#f-holder-firstName', 'Giulia');
    await page.fill('#f-holder-lastName', 'Bianchi');
    await page.fill('#f-holder-taxCode', 'RSSMRA80A01H501U');
    await page.fill('#f-address-street', 'Via Roma 10');
    await page.fill('#f-address-postalCode', '52100');
    await page.fill('#f-address-province', 'AR');
    await page.fill('#f-address-city', 'Arezzo');
    await page.fill('#f-phone', '+39 0575 123456');
    await page.fill('#f-email', 'giulia.bianchi@example.it');
    await page.fill('#f-emailConfirmation', 'giulia.bianchi@example.it');
    await page.fill('#f-recovery-question', 'Città natale della nonna?');
    await page.fill('#f-recovery-answer', 'Cortona');
    await page.check('#f-privacy-noticeAccepted');
    await page.check('#f-privacy-processingConsent-yes');
    await page.check('#f-privacy-marketingConsent-no');
    await expectAccessible(page, 'registrati-form-it');
    await page.click('text=AVANTI con la registrazione');
    await page.waitForURL(/\/registrazione\/credenziali/);
    username = (await page.textContent('[data-username-shown]'))!;
    await page.fill('#f-password', PASSWORD);
    await page.fill('#f-passwordConfirmation', PASSWORD);
    await page.click('main button[type=submit]');
    await page.waitForURL(/\/registrazione\/completata/);
    expect(await page.textContent('main')).toContain(username);
    const [mail] = await system.sink.waitForMessages(1);
    expect(mail!.parsed.subject).toBe('Conferma iscrizione');

    await signIn(page, username, PASSWORD);
    await page.waitForURL(/\/area-clienti$/);
    expect(await page.textContent('.menu summary')).toContain(username);
    expect(await page.textContent('#servizi')).toContain('Hosting Linux Basic');
    expect(await page.textContent('#ordini')).toContain(orderId);
    expect(await page.textContent(`#ordini [data-order-status]`)).toBe('Completato');
    await expectAccessible(page, 'area-clienti-it');
  });

  it('a later order: "Accedi e associa" signs in, then the order goes to that login; a service is renewed', async () => {
    const { orderId, registrationUrl } = await completeOrder(items.slice(1));
    const stranger = await browser.context();
    const other = await stranger.newPage();
    await other.goto(registrationUrl);
    await other.click('a.button >> text="Accedi e associa"');
    await other.waitForURL(/\/accedi\?next=/);
    await other.fill('#f-username', username);
    await other.fill('#f-password', PASSWORD);
    await other.click('main button[type=submit]');
    await other.waitForURL(/\/associa\?token=/);
    expect(await other.textContent('main')).toContain('Dominio .it');
    await expectAccessible(other, 'associate-it');
    await other.click('text=Associa al mio account');
    expect(await other.textContent('main')).toContain(`L'ordine ${orderId} è stato associato allo username ${username}`);
    await stranger.close();

    await page.goto(system.url('/area-clienti'));
    expect(await page.textContent('#ordini')).toContain(orderId);
    await page.locator('#servizi form').first().locator('button').click();
    await page.waitForURL(/rinnovo=renewal-/);
    expect(await page.textContent('.notice')).toContain('in attesa di pagamento');
  });

  it('"Crea nuova login" from the menu after an old sign-in: the password asked again, password twice, confirmation, success with the new username; an edit made through it shows for the first login', async () => {
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, signedInAt + PRIVILEGED_MS + 500 - Date.now())));
    await page.goto(system.url('/area-clienti'));
    await page.click('.menu summary');
    await page.click('.menu >> text=Crea nuova login');
    await page.waitForURL(/\/area-clienti\/nuova-login$/);
    await expectAccessible(page, 'new-login-it');
    await page.fill('#f-password', NEW_PASSWORD);
    await page.fill('#f-passwordConfirmation', NEW_PASSWORD);
    await page.click('main button[type=submit]');
    // The sign-in is older than PRIVILEGED_SESSION_MINUTES: the API says 403 reauthentication_required, the page asks for the password.
    expect(await page.textContent('[data-error-summary]')).toContain('inserisci di nuovo la password');
    await expectAccessible(page, 'new-login-reauth-it');
    await page.fill('#f-currentPassword', 'Password-Sbagliata-1');
    await page.fill('#f-password', NEW_PASSWORD);
    await page.fill('#f-passwordConfirmation', NEW_PASSWORD);
    await page.click('main button[type=submit]');
    await page.waitForSelector('#f-currentPassword-error');
    await page.fill('#f-currentPassword', PASSWORD);
    await page.fill('#f-password', NEW_PASSWORD);
    await page.fill('#f-passwordConfirmation', 'Alba-Sul-Monte-78');
    await page.click('main button[type=submit]');
    expect(await page.textContent('#f-passwordConfirmation-error')).toBe('I due valori non coincidono.');
    // The password renewed the sign-in: no second prompt.
    expect(await page.locator('#f-currentPassword').count()).toBe(0);
    await page.fill('#f-password', NEW_PASSWORD);
    await page.fill('#f-passwordConfirmation', NEW_PASSWORD);
    await page.click('main button[type=submit]');
    await page.waitForURL(/\/nuova-login\/[0-9a-f-]{36}$/);
    expect(await page.textContent('main')).toContain('Confermi la creazione');
    await expectAccessible(page, 'new-login-confirm-it');
    await page.click('main button[type=submit]');
    newUsername = (await page.textContent('main'))!.match(/\d{7}@aruba\.it/)![0];
    expect(newUsername).not.toBe(username);
    await expectAccessible(page, 'new-login-done-it');
    const [mail] = await system.sink.waitForMessages(1);
    expect(mail!.envelopeTo).toEqual(['giulia.bianchi@example.it']);

    const second = await browser.context();
    const other = await second.newPage();
    await signIn(other, newUsername, NEW_PASSWORD);
    await other.waitForURL(/\/area-clienti$/);
    await other.fill('#f-phone', '+39 0575 999888');
    await other.locator('form', { has: other.locator('#f-phone') }).locator('button').click();
    await other.waitForURL(/salvato=contact/);
    await second.close();
    await page.goto(system.url('/area-clienti'));
    expect(await page.inputValue('#f-phone')).toBe('+390575999888');
    expect(await page.textContent('#login')).toContain(newUsername);
  });

  it('the holder cannot change: a bad edit is shown at its field; a correction request is sent', async () => {
    await page.goto(system.url('/area-clienti'));
    expect(await page.textContent('#profilo')).toContain("Non è possibile modificare l'intestatario");
    await page.fill('#f-address-postalCode', '1');
    await page.locator('form', { has: page.locator('#f-address-postalCode') }).locator('button').click();
    await page.waitForSelector('#f-address-postalCode-error');
    await expectAccessible(page, 'profile-error-it');
    await page.click('a >> text="Richiesta di correzione"');
    await page.selectOption('#f-field', 'holder.firstName');
    await page.fill('#f-value', 'Giulio');
    await page.fill('#f-reason', 'Errore di battitura nella registrazione');
    await page.click('main button[type=submit]');
    expect(await page.textContent('.notice')).toContain('Richiesta di correzione inviata');
    await expectAccessible(page, 'correction-it');
  });

  it('lost username and a password reset through the e-mailed link', async () => {
    const anonymous = await browser.context();
    const visitor = await anonymous.newPage();
    await visitor.goto(system.url('/recupero'));
    await expectAccessible(visitor, 'recovery-it');
    await visitor.fill('#f-email', 'giulia.bianchi@example.it');
    await visitor.click('text=Invia gli username');
    expect(await visitor.textContent('.notice')).toContain('Richiesta ricevuta');
    const [reminder] = await system.sink.waitForMessages(1);
    expect(reminder!.parsed.text).toContain(username);
    system.sink.clear();

    await visitor.fill('#f-username', username);
    await visitor.click('text=Invia il link');
    const [resetMail] = await system.sink.waitForMessages(1);
    await visitor.goto(linkIn(resetMail!, system.url('/')));
    expect(await visitor.textContent('h1')).toBe('Scegli una nuova password');
    // The secret answer is a second factor: required, with the question set at signup.
    expect(await visitor.getAttribute('#f-recoveryAnswer', 'required')).not.toBeNull();
    expect(await visitor.textContent('#f-recoveryAnswer-hint')).toBe('Città natale della nonna?');
    await expectAccessible(visitor, 'reset-it');
    const submitReset = async (password: string, answer: string) => {
      await visitor.fill('#f-password', password);
      await visitor.fill('#f-passwordConfirmation', password);
      await visitor.fill('#f-recoveryAnswer', answer);
      await visitor.click('main button[type=submit]');
    };
    await submitReset(RESET_PASSWORD, '');
    expect(await visitor.textContent('#f-recoveryAnswer-error')).toBe('Campo obbligatorio.');
    await submitReset(RESET_PASSWORD, 'Arezzo');
    expect(await visitor.textContent('#f-recoveryAnswer-error')).toBe('La risposta non corrisponde a quella impostata.');
    expect(await visitor.inputValue('#f-recoveryAnswer')).toBe('');
    await expectAccessible(visitor, 'reset-wrong-answer-it');
    await submitReset('debole', 'cortona');
    await visitor.waitForSelector('#f-password-error');
    await submitReset(RESET_PASSWORD, 'Cortona');
    expect(await visitor.textContent('h1')).toBe('Password aggiornata');
    // The link is spent: opened again, it says so (the API's 404 invalid_token).
    const again = await visitor.goto(linkIn(resetMail!, system.url('/')));
    expect(again!.status()).toBe(410);
    expect(await visitor.textContent('main')).toContain('Il link non è valido');
    await signIn(visitor, username, RESET_PASSWORD);
    await visitor.waitForURL(/\/area-clienti$/);
    await anonymous.close();
  });

  it('the password changed in the customer area (POST /api/v1/me/password): mismatch shown, then the new one signs in', async () => {
    // The reset ended every session of the login: the buyer signs in again.
    await signIn(page, username, RESET_PASSWORD);
    await page.waitForURL(/\/area-clienti$/);
    const changeForm = page.locator('form', { has: page.locator('#f-passwordConfirmation') });
    await page.fill('#f-password', CHANGED_PASSWORD);
    await page.fill('#f-passwordConfirmation', 'Vento-Di-Maestrale-32');
    await changeForm.locator('button').click();
    expect(await page.textContent('#f-passwordConfirmation-error')).toBe('I due valori non coincidono.');
    await expectAccessible(page, 'password-change-error-it');
    await page.fill('#f-password', CHANGED_PASSWORD);
    await page.fill('#f-passwordConfirmation', CHANGED_PASSWORD);
    await changeForm.locator('button').click();
    await page.waitForURL(/salvato=password/);
    expect(await page.textContent('.notice')).toContain('Password aggiornata.');
    const other = await (await browser.context()).newPage();
    await signIn(other, username, CHANGED_PASSWORD);
    await other.waitForURL(/\/area-clienti$/);
    await other.context().close();
  });

  it('every page visited, in English too, has no serious or critical axe violation', async () => {
    const english = [...new Set(visited)].filter((path) => !path.includes('token=') || path.includes('/ordini/')).map((path) => path + (path.includes('?') ? '&' : '?') + 'lang=en');
    for (const [index, path] of [...english, '/accedi?lang=en', '/recupero?lang=en', `/privacy/2026-01?lang=en`].entries()) {
      await page.goto(system.url(path));
      await screenshot(page, `en-${String(index).padStart(2, '0')}-${new URL(path, 'http://x').pathname.split('/').filter((part) => !/\d/.test(part)).join('-') || 'home'}`);
      expect({ path, lang: await page.getAttribute('html', 'lang'), violations: await seriousViolations(page) }).toEqual({ path, lang: 'en', violations: [] });
    }
  });
});
