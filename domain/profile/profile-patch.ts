import { z } from 'zod';

const text = (max: number) => z.string().max(max);

/**
 * `PATCH /api/v1/me/profile`: every part optional, unknown fields refused. An address part
 * changes only the fields it names; the whole resulting address is then checked.
 */
export const profilePatchSchema = z.strictObject({
  address: z
    .strictObject({
      street: text(200).optional(),
      postalCode: text(16).optional(),
      city: text(100).optional(),
      province: text(100).optional(),
      country: text(8).optional(),
    })
    .optional(),
  phone: text(32).optional(),
  email: text(254).optional(),
  emailConfirmation: text(254).optional(),
  recovery: z.strictObject({ question: text(200), answer: text(200) }).optional(),
  privacy: z
    .strictObject({ noticeAccepted: z.boolean().optional(), processingConsent: z.boolean().optional(), marketingConsent: z.boolean().optional() })
    .optional(),
});

export type ProfilePatch = z.output<typeof profilePatchSchema>;

/** Body keys that would change who the holder is: refused (409) before anything else is looked at. */
export const HOLDER_KEYS = ['holder', 'subjectType', 'firstName', 'lastName', 'companyName', 'taxCode', 'vatNumber'] as const;

/** The holder keys a request body names, if it is an object. */
export function holderKeysIn(body: unknown): string[] {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return [];
  return HOLDER_KEYS.filter((key) => Object.hasOwn(body, key));
}
