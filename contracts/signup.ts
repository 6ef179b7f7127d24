/** The signup flow's contract: what the API sends the `signup` workflow and what it answers. */

export const SUBJECT_TYPE_VALUES = [
  'persona_fisica',
  'azienda',
  'libero_professionista',
  'ditta_individuale',
  'ente_no_profit',
  'ente_pubblico',
  'altro',
] as const;
export type SubjectType = (typeof SUBJECT_TYPE_VALUES)[number];

/**
 * The registration form as the workflow receives it: validated, normalized, and with the secret
 * answer already replaced by its argon2id hash (the answer itself never enters history).
 */
export interface RegistrationSubmission {
  subjectType: SubjectType;
  holder: { firstName?: string; lastName?: string; companyName?: string; taxCode?: string; vatNumber?: string };
  address: { street: string; postalCode: string; city: string; province: string; country: string };
  phone: string;
  email: string;
  recovery?: { question: string; answerHash: string };
  privacy: { noticeAccepted: boolean; processingConsent: boolean; marketingConsent: boolean };
  /** Locale of the customer's e-mails. */
  locale: 'it' | 'en';
  /** SHA-256 of the request body: the same Idempotency-Key with another body is refused. */
  fingerprint: string;
}

export type SignupStep = 'form' | 'creating' | 'password' | 'activating' | 'completed' | 'expired' | 'failed';

export interface SignupState {
  step: SignupStep;
  username?: string;
  /** What the customer can do next. */
  next: 'submit_form' | 'set_password' | 'none';
}

/** What the API needs to check a password against the policy (names, codice fiscale, username). */
export interface PasswordContextView {
  username: string;
  firstName?: string;
  lastName?: string;
  companyName?: string;
  taxCode?: string;
  email: string;
}

export interface SignupOptions {
  /** Without a password by then, the signup expires and releases what it reserved. */
  expiresInMs: number;
  /** Domain of the username. */
  usernameDomain: string;
}

export interface SignupOutcome {
  status: 'completed' | 'expired';
  username?: string;
}

/** `signup-<uuid>`: no personal data in ids. */
export const signupWorkflowId = (signupId: string): string => `signup-${signupId}`;

/** Error types the registration workflows use to refuse an Update; the API maps them to 409. */
export const SIGNUP_CONFLICTS = [
  'signup_expired',
  'signup_completed',
  'password_already_set',
  'form_already_submitted',
  'idempotency_key_reused',
  'form_not_submitted',
  'order_already_registered',
  'registration_in_progress',
] as const;
export type SignupConflict = (typeof SIGNUP_CONFLICTS)[number];
