import { Schema, type Connection, type Model } from 'mongoose';

/** One decision on holder data, kept for good: who, what, when, old → new. Insert-only. */
export interface AuditEvent {
  /** Derived from what it records (`correction-<id>:decision`), so a retried write inserts nothing twice. */
  _id: string;
  kind: 'holder_correction';
  /** Operator id, or `system` for an automatic decision. */
  actor: string;
  at: Date;
  profileId: string;
  correctionId: string;
  field: string;
  oldValue: string;
  newValue: string;
  decision: 'approved' | 'rejected' | 'expired';
  note?: string;
  /** Why the system turned it down, when it did. */
  cause?: string;
}

const schema = new Schema<AuditEvent>(
  {
    _id: { type: String, required: true },
    kind: { type: String, required: true },
    actor: { type: String, required: true },
    at: { type: Date, required: true },
    profileId: { type: String, required: true },
    correctionId: { type: String, required: true },
    field: { type: String, required: true },
    oldValue: { type: String, default: '' },
    newValue: { type: String, required: true },
    decision: { type: String, required: true },
    note: String,
    cause: String,
  },
  { collection: 'audit_events', timestamps: false },
);
schema.index({ profileId: 1, at: 1 });
// Retention finds old events by kind and age (activities/maintenance).
schema.index({ kind: 1, at: 1 });

export type AuditEventModel = Model<AuditEvent>;
export const auditEventModel = (connection: Connection): AuditEventModel =>
  (connection.models.AuditEvent as AuditEventModel | undefined) ?? connection.model<AuditEvent>('AuditEvent', schema);
