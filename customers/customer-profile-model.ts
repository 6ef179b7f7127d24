import { Schema, type Connection, type Model } from 'mongoose';
import type { SubjectType } from '../contracts';

export interface Consent {
  kind: 'privacy_notice' | 'processing' | 'marketing';
  granted: boolean;
  /** Version of the notice the customer saw. */
  version: string;
  at: Date;
}

/** The anagrafica: who the customer is, where they live, how to reach them. One per profile, shared by its logins. */
export interface CustomerProfile {
  /** Derived from the flow that created it (`signupId`), so a retried creation finds it. */
  _id: string;
  subjectType: SubjectType;
  /** Immutable once created: names, company name, codice fiscale, partita IVA. */
  holder: { firstName?: string; lastName?: string; companyName?: string; taxCode?: string; vatNumber?: string };
  address: { street: string; postalCode: string; city: string; province: string; country: string };
  phone: string;
  email: string;
  locale: 'it' | 'en';
  consents: Consent[];
  recovery?: { question: string; answerHash: string };
  /** `pending` until its first login is active. */
  status: 'pending' | 'active';
  /** Which flow created it, and which run of that flow (so no other run can claim it). */
  origin: { kind: 'signup' | 'first-purchase'; id: string; runId?: string };
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

const schema = new Schema<CustomerProfile>(
  {
    _id: { type: String, required: true },
    subjectType: { type: String, required: true },
    holder: { firstName: String, lastName: String, companyName: String, taxCode: String, vatNumber: String },
    address: {
      street: { type: String, required: true },
      // Empty outside Italy: mongoose's `required` would refuse '' (a foreign address has no CAP or provincia).
      postalCode: { type: String, default: '' },
      city: { type: String, required: true },
      province: { type: String, default: '' },
      country: { type: String, required: true },
    },
    phone: { type: String, required: true },
    email: { type: String, required: true },
    locale: { type: String, required: true },
    consents: [{ _id: false, kind: String, granted: Boolean, version: String, at: Date }],
    recovery: { type: new Schema({ question: String, answerHash: String }, { _id: false }), required: false },
    status: { type: String, required: true },
    origin: { kind: String, id: String, runId: String },
    version: { type: Number, required: true, default: 1 },
  },
  { collection: 'customer_profiles', timestamps: true },
);
// Looked up by contact address (username recovery); not unique: one address may hold several profiles.
schema.index({ email: 1 });

export type CustomerProfileModel = Model<CustomerProfile>;
export const customerProfileModel = (connection: Connection): CustomerProfileModel =>
  (connection.models.CustomerProfile as CustomerProfileModel | undefined) ?? connection.model<CustomerProfile>('CustomerProfile', schema);
