import { EMAIL_TEMPLATES, LOCALES } from '../../contracts';
import { emailTemplatesDir } from '../../config/paths';
import { EmailRenderer } from '../../email/renderer';
import { emailTemplateSchemas, parseEmailRequest } from '../../email/templates';
import { isPermanentSmtpError } from '../../email/delivery';
import { messageIdFor, providerMessageIdFrom } from '../../email/transport';

const samples = {
  'registration-confirmed': { displayName: 'Mario Rossi', username: '1234567@aruba.it' },
  'login-created': { displayName: 'Mario Rossi', username: '7654321@aruba.it' },
  'password-reset': { displayName: 'Mario Rossi', username: '1234567@aruba.it', resetUrl: 'https://example.it/reset?token=abc&x=1', expiresInMinutes: 30 },
  'username-reminder': { usernames: ['1234567@aruba.it', '7654321@aruba.it'] },
  'correction-decided': { displayName: 'Mario Rossi', field: 'holder.taxCode', approved: false, note: 'Documento illeggibile' },
  'registration-reminder': { orderId: 'ORD-42', registrationUrl: 'https://example.it/ordini/ORD-42/registrazione?token=abc' },
  'order-associated': { orderId: 'ORD-42', username: '1234567@aruba.it' },
  'email-changed': { displayName: 'Mario Rossi', newEmailHint: 'm***@example.it' },
  'password-changed': { displayName: 'Mario Rossi', username: '1234567@aruba.it' },
  'recovery-locked': { displayName: 'Mario Rossi', username: '1234567@aruba.it', lockedHours: 24 },
};

describe('e-mail templates', () => {
  const renderer = new EmailRenderer(emailTemplatesDir);

  it.each(EMAIL_TEMPLATES.flatMap((template) => LOCALES.map((locale) => [template, locale] as const)))(
    '%s renders in %s: one-line subject, HTML document, plain text without tags',
    (template, locale) => {
      const data = emailTemplateSchemas[template].parse(samples[template]);
      const email = renderer.render(template, locale, data);
      expect(email.subject).toMatch(/^\S.*\S$/);
      expect(email.subject).not.toContain('\n');
      expect(email.html).toMatch(/^<!doctype html>/i);
      expect(email.html).toContain(`lang="${locale}"`);
      expect(email.text).not.toMatch(/<\/?(p|a|div|table|br)\b/i);
      expect(email.text + email.html).not.toMatch(/\{\{|\}\}/);
    },
  );

  it('names every username in the reminder and the reset link in both parts', () => {
    const reminder = renderer.render('username-reminder', 'it', samples['username-reminder']);
    for (const username of samples['username-reminder'].usernames) {
      expect(reminder.text).toContain(username);
      expect(reminder.html).toContain(username);
    }
    const reset = renderer.render('password-reset', 'en', samples['password-reset']);
    expect(reset.text).toContain('https://example.it/reset?token=abc&x=1');
    // Handlebars escapes the URL in the attribute (= as &#x3D;), which browsers decode back.
    expect(reset.html).toContain('href="https://example.it/reset?token&#x3D;abc&amp;x&#x3D;1"');
  });

  it('says "approved" or "rejected" as decided', () => {
    const approved = renderer.render('correction-decided', 'en', { ...samples['correction-decided'], approved: true });
    const rejected = renderer.render('correction-decided', 'en', samples['correction-decided']);
    expect(approved.text).not.toEqual(rejected.text);
    expect(rejected.text).toContain('Documento illeggibile');
  });

  it('refuses to render with a value missing, rather than send a blank', () => {
    expect(() => renderer.render('registration-confirmed', 'it', { displayName: 'Mario' })).toThrow(/username/);
  });

  it('fails at construction when a template file is missing', () => {
    expect(() => new EmailRenderer('/nonexistent')).toThrow(/e-mail template missing/);
  });
});

describe('e-mail requests', () => {
  const valid = { key: 'signup-1:registration-confirmed', template: 'registration-confirmed', to: 'a@example.it', locale: 'it', data: samples['registration-confirmed'] };

  it('accepts a request that fits its template', () => {
    expect(parseEmailRequest(valid)).toEqual(valid);
  });

  it.each([
    ['a password in the data', { ...valid, data: { ...valid.data, password: 'x' } }, /data: Unrecognized key.*password/],
    ['an address in the key', { ...valid, key: 'mario@example.it' }, /key:/],
    ['an unknown template', { ...valid, template: 'welcome' }, /template:/],
    ['an unknown locale', { ...valid, locale: 'de' }, /locale:/],
    ['a bad recipient', { ...valid, to: 'not-an-address' }, /to:/],
    ['data of another template', { ...valid, data: samples['username-reminder'] }, /data/],
  ])('refuses %s', (_what, request, message) => {
    expect(() => parseEmailRequest(request)).toThrow(expect.objectContaining({ name: 'InvalidEmailRequestError', message: expect.stringMatching(message) }));
  });
});

describe('SMTP outcomes', () => {
  it('treats 5xx as permanent, 4xx and network errors as temporary', () => {
    expect(isPermanentSmtpError(Object.assign(new Error('no'), { responseCode: 550 }))).toBe(true);
    expect(isPermanentSmtpError(Object.assign(new Error('later'), { responseCode: 451 }))).toBe(false);
    expect(isPermanentSmtpError(Object.assign(new Error('reset'), { code: 'ECONNRESET' }))).toBe(false);
  });

  it("reads the provider's message id from its 250 answer", () => {
    expect(providerMessageIdFrom('250 2.0.0 Ok: queued as 4F2A1C0B3D')).toBe('4F2A1C0B3D');
    expect(providerMessageIdFrom('250 OK id=1r2AbC-0003xy-4Z')).toBe('1r2AbC-0003xy-4Z');
    expect(providerMessageIdFrom('250 OK: message queued')).toBe('250 OK: message queued');
  });

  it('derives the Message-ID from the outbox id and the sender domain', () => {
    expect(messageIdFor('65a1b2c3d4e5f60718293a4b', 'Aruba <noreply@aruba.it>')).toBe('<65a1b2c3d4e5f60718293a4b@aruba.it>');
  });
});
