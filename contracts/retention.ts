/** Retention: how long each kind of row is kept (docs/retention.md). Types and constants only. */
export interface RetentionPolicy {
  /** Outbox rows once final (`sent`, `failed`, `abandoned`), counted from their last change. */
  outboxDays: number;
  /** Audit events of holder-data decisions, counted from the decision. */
  auditDays: number;
  /** Orders whose buyer never registered (`registration_expired`), counted from their last change. */
  unregisteredOrderDays: number;
}

export interface PurgeReport {
  outboxRows: number;
  auditEvents: number;
  orders: number;
}

/** The Temporal schedule that applies the policy, and the id of its runs. */
export const RETENTION_SCHEDULE_ID = 'retention';
