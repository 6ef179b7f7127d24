import { ActivityFailure, ApplicationFailure, patched, proxyActivities, proxyLocalActivities, workflowInfo } from '@temporalio/workflow';
import type { Activities } from '../../activities';
import { displayNameOf, passwordContextOf, SIGNUP_CONFLICTS, type PasswordContextView, type RegistrationSubmission, type SignupConflict, type SignupStep } from '../../contracts';
import { boundedActivityOptions, localStoreWriteOptions } from '../activity-options';
import { type StepAttribute } from '../step-attribute';
import { submissionProblems } from './submission-check';

/** Runs recorded before this patch scheduled every store write as a regular activity; newer runs write through local activities. */
const LOCAL_STORE_WRITES = 'registration-local-store-writes';
/**
 * Newer runs write each step's store changes in one local activity (`acceptRegistration`,
 * `completeRegistration`); runs recorded before this patch ran two per step. Asked when the run
 * starts, before any local activity (docs/decisions.md, the Step search attribute).
 */
const ONE_WRITE_PER_STEP = 'registration-one-write-per-step';
const remote = proxyActivities<Activities>(boundedActivityOptions);
const local = proxyLocalActivities<Activities>(localStoreWriteOptions);

export const conflict = (type: SignupConflict, message: string) => ApplicationFailure.create({ type, message, nonRetryable: true });

/**
 * What the waiting caller is told when a step failed for good: its conflict, or that the
 * registration could not be recorded. (A regular activity fails with an ActivityFailure around the
 * activity's error; a local one may surface that error itself.)
 */
function refusalOf(error: unknown): ApplicationFailure {
  const cause = error instanceof ActivityFailure ? error.cause : error;
  if (cause instanceof ApplicationFailure && (SIGNUP_CONFLICTS as readonly string[]).includes(cause.type ?? '')) return conflict(cause.type as SignupConflict, cause.message);
  return ApplicationFailure.create({ type: 'registration_failed', message: 'the registration could not be recorded', nonRetryable: true });
}

export interface RegistrationOptions {
  /** The flow's id without its prefix: the profile's id and the e-mail key's root. */
  flowKey: string;
  /** `signup-<uuid>`, `order-<orderId>`: what allocates the username, and names the e-mails. */
  flowId: string;
  origin: 'signup' | 'first-purchase';
  usernameDomain: string;
  /** Where operators see the step; the flow's run reports its own steps there too. */
  stepAttribute: StepAttribute;
}

/** Steps a run rests at (or ends in): the ones operators search for. The others last one workflow task. */
const RESTING_STEPS: readonly SignupStep[] = ['form', 'password', 'completed', 'expired', 'failed'];

/**
 * The registration steps shared by every journey that registers a customer (standalone signup,
 * first purchase): accept the form (profile + username), then activate with a password hash and
 * queue "Conferma iscrizione". Both steps run once, however often their Updates are repeated. A
 * step whose writes fail for good moves to `failed`: the caller is told, the flow ends.
 */
export class Registration {
  step: SignupStep = 'form';
  submission?: RegistrationSubmission;
  username?: string;
  /** Why the registration failed for good, once it has. */
  failure?: ApplicationFailure;
  /** True once this run created the profile: only then may it release it. */
  ownsProfile = false;
  private acceptance?: Promise<{ username: string }>;
  private activation?: Promise<{ username: string }>;

  /** Decided at the run's start: see ONE_WRITE_PER_STEP. */
  private readonly oneWritePerStep = patched(ONE_WRITE_PER_STEP);

  constructor(private readonly options: RegistrationOptions) {}

  /** Moves to a step, and tells operators when the run rests there. */
  moveTo(step: SignupStep): void {
    this.step = step;
    if (RESTING_STEPS.includes(step)) this.options.stepAttribute.report(step);
  }

  get profileId(): string {
    return this.options.flowKey;
  }

  /** Update validator of the form: a cheap check of what the API sent (it ran every rule); a repeat must be the same form. */
  validateForm(form: RegistrationSubmission): void {
    if (this.step === 'failed') throw this.failure!;
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
    if (this.step === 'failed') throw this.failure!;
    if (this.activation) throw conflict('password_already_set', 'the password is already set');
    if (this.step !== 'password') throw conflict('form_not_submitted', 'the form has not been accepted yet');
  }

  accept(form: RegistrationSubmission): Promise<{ username: string }> {
    this.acceptance ??= this.failing(this.runAcceptance(form));
    return this.acceptance;
  }

  /** `afterActivation` runs between the login's activation and the confirmation e-mail (e.g. attach an order's services). */
  activate(passwordHash: string, afterActivation?: (username: string) => Promise<void>): Promise<{ username: string }> {
    this.activation ??= this.failing(this.runActivation(passwordHash, afterActivation));
    return this.activation;
  }

  get activating(): Promise<{ username: string }> | undefined {
    return this.activation;
  }

  /** The store's activities for this run: local ones (no round trip through the server) unless replaying an older run. */
  get store(): Activities {
    return (patched(LOCAL_STORE_WRITES) ? local : remote) as Activities;
  }

  /** What the API checks a password against; null unless the password step is open. */
  passwordContext(): PasswordContextView | null {
    if (this.step !== 'password' || this.activation || !this.submission || !this.username) return null;
    return passwordContextOf(this.username, this.submission);
  }

  private async failing<T>(step: Promise<T>): Promise<T> {
    try {
      return await step;
    } catch (error) {
      this.failure = refusalOf(error);
      this.moveTo('failed');
      throw this.failure;
    }
  }

  private async runAcceptance(form: RegistrationSubmission): Promise<{ username: string }> {
    const { flowKey, flowId, origin, usernameDomain } = this.options;
    this.submission = form;
    this.moveTo('creating');
    const profile = { profileId: flowKey, runId: workflowInfo().runId, origin, originId: flowKey, submission: form };
    const username = { allocationKey: flowId, origin, domain: usernameDomain };
    if (this.oneWritePerStep) {
      try {
        this.username = await local.acceptRegistration({ profile, username });
        this.ownsProfile = true;
      } catch (error) {
        // Whatever got written is this run's to give back, unless the profile is another run's.
        this.ownsProfile = refusalOf(error).type !== 'signup_completed';
        throw error;
      }
    } else {
      const { createCustomerProfile, allocateUsername } = this.store;
      const profileId = await createCustomerProfile(profile);
      this.ownsProfile = true;
      this.username = await allocateUsername({ ...username, profileId });
    }
    this.moveTo('password');
    return { username: this.username };
  }

  private async runActivation(passwordHash: string, afterActivation?: (username: string) => Promise<void>): Promise<{ username: string }> {
    const username = this.username!;
    const submission = this.submission!;
    const activation = { username, profileId: this.profileId, allocationKey: this.options.flowId, passwordHash };
    const confirmation = {
      key: `${this.options.flowId}:registration-confirmed`,
      template: 'registration-confirmed',
      to: submission.email,
      locale: submission.locale,
      data: { displayName: displayNameOf(submission.holder), username },
    };
    this.moveTo('activating');
    if (this.oneWritePerStep && !afterActivation) {
      await local.completeRegistration({ activation, confirmation });
    } else {
      const { activateLogin, enqueueEmail } = this.oneWritePerStep ? local : this.store;
      await activateLogin(activation);
      if (afterActivation) await afterActivation(username);
      await enqueueEmail(confirmation);
    }
    this.moveTo('completed');
    return { username };
  }
}
