import { Schema, type Connection, type Model } from 'mongoose';

/** A login: username + password on a customer profile. */
export interface Login {
  /** The username (`1234567@aruba.it`): `_id`, so the store itself guarantees no two logins share one. */
  _id: string;
  profileId: string;
  /** argon2id PHC string; absent while the login waits for its password. */
  passwordHash?: string;
  /** `reserved` while the signup waits for a password, `active` afterwards. */
  status: 'reserved' | 'active' | 'disabled';
  origin: 'signup' | 'first-purchase' | 'additional-login';
  /** The flow that allocated it: a retried allocation recognises its own username. */
  allocatedBy: string;
  activatedAt?: Date;
  lastLoginAt?: Date;
  failedAttempts: number;
  createdAt: Date;
  updatedAt: Date;
}

const schema = new Schema<Login>(
  {
    _id: { type: String, required: true },
    profileId: { type: String, required: true },
    passwordHash: String,
    status: { type: String, required: true },
    origin: { type: String, required: true },
    allocatedBy: { type: String, required: true },
    activatedAt: Date,
    lastLoginAt: Date,
    failedAttempts: { type: Number, default: 0 },
  },
  { collection: 'logins', timestamps: true },
);
schema.index({ profileId: 1 });

export type LoginModel = Model<Login>;
export const loginModel = (connection: Connection): LoginModel =>
  (connection.models.Login as LoginModel | undefined) ?? connection.model<Login>('Login', schema);
