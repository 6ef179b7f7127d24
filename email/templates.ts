import { z } from 'zod';
import type { EmailRequest, EmailTemplate } from '../contracts';
import { EMAIL_TEMPLATES, LOCALES } from '../contracts';
import { InvalidEmailRequestError } from '../domain/errors';

const text = z.string().min(1).max(200);
const username = z.string().regex(/^\d{4,12}@[a-z0-9.-]+$/);
const httpUrl = z.string().url().refine((value) => /^https?:\/\//.test(value));

/** The data each template accepts, strictly: unknown keys (a `password`, say) are refused. */
export const emailTemplateSchemas = {
  'registration-confirmed': z.strictObject({ displayName: text, username }),
  'login-created': z.strictObject({ displayName: text, username }),
  'password-reset': z.strictObject({
    displayName: text,
    username,
    resetUrl: httpUrl,
    expiresInMinutes: z.number().int().positive(),
  }),
  'username-reminder': z.strictObject({ usernames: z.array(username).min(1).max(100) }),
  'correction-decided': z.strictObject({
    displayName: text,
    field: text,
    approved: z.boolean(),
    note: z.string().max(1000).optional(),
  }),
  'registration-reminder': z.strictObject({ orderId: text, registrationUrl: httpUrl }),
  'order-associated': z.strictObject({ orderId: text, username }),
  'email-changed': z.strictObject({ displayName: text, newEmailHint: text }),
  'password-changed': z.strictObject({ displayName: text, username }),
  'recovery-locked': z.strictObject({ displayName: text, username, lockedHours: z.number().int().positive() }),
} satisfies Record<EmailTemplate, z.ZodType>;

/** Keys are ids joined with `:`; an `@` would mean an address slipped into a key (and so into a workflow id). */
const emailKey = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9:_.-]{0,199}$/, 'letters, digits and : _ . - only');

const requestEnvelope = z.strictObject({
  key: emailKey,
  template: z.enum(EMAIL_TEMPLATES),
  to: z.email(),
  locale: z.enum(LOCALES),
  data: z.unknown(),
});

/** Checks an e-mail request before anything is stored; throws InvalidEmailRequestError naming what is wrong. */
export function parseEmailRequest(input: unknown): EmailRequest {
  const envelope = requestEnvelope.safeParse(input);
  if (!envelope.success) throw new InvalidEmailRequestError(describe(envelope.error));
  const data = emailTemplateSchemas[envelope.data.template].safeParse(envelope.data.data);
  if (!data.success) throw new InvalidEmailRequestError(describe(data.error, 'data'));
  return { ...envelope.data, data: data.data } as EmailRequest;
}

function describe(error: z.ZodError, prefix?: string): string {
  return error.issues
    .map((issue) => `${[prefix, ...issue.path].filter((p) => p !== undefined).join('.') || '(root)'}: ${issue.message}`)
    .join('; ');
}
