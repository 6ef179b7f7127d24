/** The holder-data correction contract: what the API, the `profileCorrection` workflow and its activities agree on. */

/** The holder fields a correction may change (journey 5): a data-entry error, never a new holder. */
export const CORRECTABLE_FIELDS = ['holder.firstName', 'holder.lastName', 'holder.companyName', 'holder.taxCode', 'holder.vatNumber'] as const;
export type CorrectableField = (typeof CORRECTABLE_FIELDS)[number];

/** How the decision e-mail names each field. */
export const CORRECTABLE_FIELD_LABELS: Record<CorrectableField, { it: string; en: string }> = {
  'holder.firstName': { it: 'nome', en: 'first name' },
  'holder.lastName': { it: 'cognome', en: 'last name' },
  'holder.companyName': { it: 'ragione sociale', en: 'company name' },
  'holder.taxCode': { it: 'codice fiscale', en: 'tax code' },
  'holder.vatNumber': { it: 'partita IVA', en: 'VAT number' },
};

/** A customer's request as the API starts the workflow with it: the value already validated and normalized. */
export interface CorrectionRequest {
  profileId: string;
  field: CorrectableField;
  /** The holder's value when the request was made (`''` when an optional field was empty). */
  oldValue: string;
  newValue: string;
  reason: string;
  /** Username of the login that asked. */
  requestedBy: string;
  /** SHA-256 of the request body: the same Idempotency-Key with another body is refused. */
  fingerprint: string;
}

export interface CorrectionOptions {
  /** Without a decision by then, the request is rejected automatically (`expired`). */
  deadlineMs: number;
}

/** An operator's decision: Update `decide` (operator API) or Signal `decision` (Temporal UI), same payload. */
export interface CorrectionDecision {
  approve: boolean;
  note?: string;
  /** Who decided, for the audit trail (`operator` for the single operator token). */
  operator: string;
}

export type CorrectionStatus = 'pending' | 'applying' | 'approved' | 'rejected' | 'expired';
export type FinalCorrectionStatus = Exclude<CorrectionStatus, 'pending' | 'applying'>;

/** Why the system, not the operator, turned a request down. */
export type SystemRejectionCause = 'expired' | 'no_longer_valid' | 'value_changed';

export interface CorrectionState {
  correctionId: string;
  status: CorrectionStatus;
  field: CorrectableField;
  /** ISO time of the automatic rejection. */
  deadline: string;
  decidedBy?: string;
  decidedAt?: string;
  /** The operator's note. */
  note?: string;
  cause?: SystemRejectionCause;
}

/** What the customer reads in the e-mail when the system turned the request down. */
export const SYSTEM_REJECTION_NOTES: Record<SystemRejectionCause, { it: string; en: string }> = {
  expired: { it: 'Nessuna decisione entro il termine previsto.', en: 'No decision was taken by the deadline.' },
  no_longer_valid: { it: 'Il valore corretto non supera più i controlli.', en: 'The corrected value no longer passes the checks.' },
  value_changed: { it: 'Il dato è cambiato dopo la richiesta.', en: 'The data changed after the request.' },
};

/** Who the audit trail names for the single operator token, and for automatic decisions. */
export const OPERATOR_ID = 'operator';
export const SYSTEM_ACTOR = 'system';

/** `correction-<uuid>`: no personal data in ids. */
export const correctionWorkflowId = (correctionId: string): string => `correction-${correctionId}`;

/** Error types the correction workflow uses to refuse an Update; the API maps them to 409. */
export const CORRECTION_CONFLICTS = ['correction_decided', 'idempotency_key_reused'] as const;
export type CorrectionConflict = (typeof CORRECTION_CONFLICTS)[number];
