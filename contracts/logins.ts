/** "Crea nuova login": what the API sends the `additionalLogin` workflow and what it answers. */

export interface AdditionalLoginRequest {
  /** The profile that gets the new login; only this profile may confirm. */
  profileId: string;
  /** The signed-in login that asked (for the operator reading the run). */
  requestedBy: string;
  /** argon2id PHC string of the chosen password; the password itself never leaves the API. */
  passwordHash: string;
  /** Domain of the new username. */
  usernameDomain: string;
  /** Without a confirmation by then, the request expires and creates nothing. */
  expiresInMs: number;
}

/** `confirm` (waiting for the customer) → `creating` → `completed`, or `expired`. */
export type AdditionalLoginStep = 'confirm' | 'creating' | 'completed' | 'expired';

export interface AdditionalLoginState {
  step: AdditionalLoginStep;
  /** The profile the request belongs to: the API answers 404 to any other. */
  profileId: string;
  username?: string;
  next: 'confirm' | 'none';
}

/** Who confirms: the signed-in login's profile. */
export interface LoginRequestConfirmation {
  profileId: string;
}

export interface AdditionalLoginOutcome {
  status: 'completed' | 'expired';
  username?: string;
}

/** `login-request-<uuid>`: the request id is the uuid; no personal data in ids. */
export const loginRequestWorkflowId = (requestId: string): string => `login-request-${requestId}`;

/** Error types the `additionalLogin` workflow refuses a confirmation with; the API maps them to 409. */
export const LOGIN_REQUEST_CONFLICTS = ['login_request_expired'] as const;
export type LoginRequestConflict = (typeof LOGIN_REQUEST_CONFLICTS)[number];

/** A confirmation from another profile: the API answers 404, as for an unknown request. */
export const LOGIN_REQUEST_NOT_FOUND = 'login_request_not_found';
