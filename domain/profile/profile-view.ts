import type { SubjectType } from '../../contracts';
import type { HolderField } from '../registration';

export type ConsentKind = 'privacy_notice' | 'processing' | 'marketing';

/** One consent as it is kept: appended, never overwritten, so the history stays. */
export interface ConsentRecord {
  kind: ConsentKind;
  granted: boolean;
  /** Version of the notice the customer saw. */
  version: string;
  at: Date;
}

/** What the profile rules read of a stored customer profile (the customers model satisfies it). */
export interface ProfileView {
  subjectType: SubjectType;
  holder: Partial<Record<HolderField, string>>;
  address: { street: string; postalCode: string; city: string; province: string; country: string };
  phone: string;
  email: string;
  consents: readonly ConsentRecord[];
}
