import { z } from 'zod';
import type { CustomerProfile } from '../customers/customer-profile-model';

/** The profile in responses (documented loosely: its fields grow with the product). */
export const publicProfileSchema = z.looseObject({ profileId: z.string() });

/** The profile as its customer sees it: `_id` named `profileId`, without Mongo's `__v` or the secret answer's hash. */
export function publicProfile(profile: CustomerProfile & { __v?: unknown }): Record<string, unknown> {
  const { _id: profileId, __v: _mongoVersion, recovery, ...fields } = profile;
  return { profileId, ...fields, ...(recovery ? { recovery: { question: recovery.question } } : {}) };
}
