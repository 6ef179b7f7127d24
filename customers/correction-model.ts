import { Schema, type Connection, type Model } from 'mongoose';
import type { CorrectableField, CorrectionStatus, SystemRejectionCause } from '../contracts';

/** A holder-data correction request: written by its `profileCorrection` workflow only (its owner). */
export interface ProfileCorrection {
  /** The correctionId (`correction-<id>` is its workflow). */
  _id: string;
  profileId: string;
  field: CorrectableField;
  oldValue: string;
  newValue: string;
  reason: string;
  /** Username of the login that asked. */
  requestedBy: string;
  requestedAt: Date;
  /** Rejected automatically after this. */
  deadline: Date;
  status: Exclude<CorrectionStatus, 'applying'>;
  /** Operator id, or `system`. */
  decidedBy?: string;
  decidedAt?: Date;
  note?: string;
  cause?: SystemRejectionCause;
}

const schema = new Schema<ProfileCorrection>(
  {
    _id: { type: String, required: true },
    profileId: { type: String, required: true },
    field: { type: String, required: true },
    oldValue: { type: String, default: '' },
    newValue: { type: String, required: true },
    reason: { type: String, required: true },
    requestedBy: { type: String, required: true },
    requestedAt: { type: Date, required: true },
    deadline: { type: Date, required: true },
    status: { type: String, required: true },
    decidedBy: String,
    decidedAt: Date,
    note: String,
    cause: String,
  },
  { collection: 'corrections', timestamps: true },
);
// The operator list reads by status (an index lookup on MongoDB and on the patched FerretDB too).
schema.index({ status: 1, requestedAt: 1 });

export type ProfileCorrectionModel = Model<ProfileCorrection>;
export const profileCorrectionModel = (connection: Connection): ProfileCorrectionModel =>
  (connection.models.ProfileCorrection as ProfileCorrectionModel | undefined) ?? connection.model<ProfileCorrection>('ProfileCorrection', schema);
