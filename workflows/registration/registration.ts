import { ApplicationFailure, proxyActivities } from '@temporalio/workflow';
import type { Activities } from '../../activities';
import { displayNameOf, type PasswordContextView, type RegistrationSubmission, type SignupConflict, type SignupStep } from '../../contracts';
import { submissionProblems } from './submission-check';

const { createCustomerProfile, allocateUsername, activateLogin, enqueueEmail } = proxyActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute', nonRetryableErrorTypes: ['InvalidEmailRequestError'] },
});

export const conflict = (type: SignupConflict, message: string) => ApplicationFailure.create({ type, message, nonRetryable: true });

export interface RegistrationOptions {
  /** The flow's id without its prefix: the profile's id and the e-mail key's root. */
  flowKey: string;
  /** `signup-<uuid>`, `order-<orderId>`: what allocates the username, and names the e-mails. */
  flowId: string;
  origin: 'signup' | 'first-purchase';
  usernameDomain: string;
}

/**
 * The registration steps shared by every journey that registers a customer (standalone signup,
 * first purchase): accept the form (profile + username), then activate with a password hash and
 * queue "Conferma iscrizione". Both steps run once, however often their Updates are repeated.
 */
export class Registration {
  step: SignupStep = 'form';
  submission?: RegistrationSubmission;
  username?: string;
  private acceptance?: Promise<{ username: string }>;
  private activation?: Promise<{ username: string }>;

  constructor(private readonly options: RegistrationOptions) {}

  get profileId(): string {
    return this.options.flowKey;
  }

  /** Update validator of the form: a cheap check of what the API sent (it ran every rule); a repeat must be the same form. */
  validateForm(form: RegistrationSubmission): void {
    if (this.submission) {
      if (form.fingerprint !== this.submission.fingerprint) throw conflict('idempotency_key_reused', 'this registration was started with another form');
      return;
    }
    const problems = submissionProblems(form);
    if (problems.length > 0) throw ApplicationFailure.create({ type: 'ValidationError', message: 'invalid form', details: [problems], nonRetryable: true });
  }

  /** Update validator of the password. */
  validatePassword(): void {
    if (this.step === 'expired') throw conflict('signup_expired', 'the registration expired');
    if (this.activation) throw conflict('password_already_set', 'the password is already set');
    if (this.step !== 'password') throw conflict('form_not_submitted', 'the form has not been accepted yet');
  }

  accept(form: RegistrationSubmission): Promise<{ username: string }> {
    this.acceptance ??= this.runAcceptance(form);
    return this.acceptance;
  }

  /** `afterActivation` runs between the login's activation and the confirmation e-mail (e.g. attach an order's services). */
  activate(passwordHash: string, afterActivation?: (username: string) => Promise<void>): Promise<{ username: string }> {
    this.activation ??= this.runActivation(passwordHash, afterActivation);
    return this.activation;
  }

  get activating(): Promise<{ username: string }> | undefined {
    return this.activation;
  }

  passwordContext(): PasswordContextView | null {
    return this.submission && this.username ? { username: this.username, ...this.submission.holder, email: this.submission.email } : null;
  }

  private async runAcceptance(form: RegistrationSubmission): Promise<{ username: string }> {
    const { flowKey, flowId, origin, usernameDomain } = this.options;
    this.submission = form;
    this.step = 'creating';
    const profileId = await createCustomerProfile({ profileId: flowKey, origin, originId: flowKey, submission: form });
    this.username = await allocateUsername({ allocationKey: flowId, profileId, origin, domain: usernameDomain });
    this.step = 'password';
    return { username: this.username };
  }

  private async runActivation(passwordHash: string, afterActivation?: (username: string) => Promise<void>): Promise<{ username: string }> {
    const username = this.username!;
    const submission = this.submission!;
    this.step = 'activating';
    await activateLogin({ username, profileId: this.profileId, passwordHash });
    if (afterActivation) await afterActivation(username);
    await enqueueEmail({
      key: `${this.options.flowId}:registration-confirmed`,
      template: 'registration-confirmed',
      to: submission.email,
      locale: submission.locale,
      data: { displayName: displayNameOf(submission.holder), username },
    });
    this.step = 'completed';
    return { username };
  }
}
