import { ApplicationFailure, allHandlersFinished, condition, proxyActivities, setHandler, workflowInfo } from '@temporalio/workflow';
import type { Activities } from '../../activities';
import type { RegistrationSubmission, SignupConflict, SignupOptions, SignupOutcome, SignupStep } from '../../contracts';
import { displayNameOf, submissionProblems } from '../../domain/registration/submission';
import { passwordContext, setPassword, signupState, submitForm } from './signup-messages';

const { createCustomerProfile, allocateUsername, activateLogin, releaseSignup, enqueueEmail } = proxyActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute', nonRetryableErrorTypes: ['InvalidEmailRequestError'] },
});

const conflict = (type: SignupConflict, message: string) => ApplicationFailure.create({ type, message, nonRetryable: true });

/**
 * `signup` (id `signup-<uuid>`): standalone registration. The form arrives as an Update whose
 * validator refuses bad input before anything is recorded; then the profile is created and a
 * username allocated; then the password (as a hash) activates the login and "Conferma iscrizione"
 * is queued. Without a password in time, the signup expires and gives back what it reserved.
 */
export async function signup(options: SignupOptions): Promise<SignupOutcome> {
  const signupId = workflowInfo().workflowId.replace(/^signup-/, '');
  let step: SignupStep = 'form';
  let submission: RegistrationSubmission | undefined;
  let username: string | undefined;
  let acceptance: Promise<{ username: string }> | undefined;
  let activation: Promise<{ username: string }> | undefined;

  setHandler(signupState, () => ({
    step,
    username,
    next: step === 'form' ? 'submit_form' : step === 'password' ? 'set_password' : 'none',
  }));
  setHandler(passwordContext, () =>
    submission && username ? { username, ...submission.holder, email: submission.email } : null,
  );

  setHandler(
    submitForm,
    (form) => {
      // A repeat of the same form (same Idempotency-Key and body) answers as the first did.
      acceptance ??= accept(form);
      return acceptance;
    },
    {
      validator: (form) => {
        if (submission) {
          if (form.fingerprint !== submission.fingerprint) throw conflict('idempotency_key_reused', 'this signup was started with another form');
          return;
        }
        const problems = submissionProblems(form, new Date());
        if (problems.length > 0) throw ApplicationFailure.create({ type: 'ValidationError', message: 'invalid form', details: [problems], nonRetryable: true });
      },
    },
  );

  setHandler(
    setPassword,
    ({ passwordHash }) => {
      activation ??= activate(passwordHash);
      return activation;
    },
    {
      validator: (_password) => {
        if (step === 'expired') throw conflict('signup_expired', 'the signup expired');
        if (activation) throw conflict('password_already_set', 'the password is already set');
        if (step !== 'password') throw conflict('form_not_submitted', 'the form has not been accepted yet');
      },
    },
  );

  async function accept(form: RegistrationSubmission): Promise<{ username: string }> {
    submission = form;
    step = 'creating';
    const profileId = await createCustomerProfile({ profileId: signupId, origin: 'signup', originId: signupId, submission: form });
    username = await allocateUsername({ allocationKey: `signup-${signupId}`, profileId, origin: 'signup', domain: options.usernameDomain });
    step = 'password';
    return { username };
  }

  async function activate(passwordHash: string): Promise<{ username: string }> {
    step = 'activating';
    await activateLogin({ username: username!, profileId: signupId, passwordHash });
    await enqueueEmail({
      key: `signup-${signupId}:registration-confirmed`,
      template: 'registration-confirmed',
      to: submission!.email,
      locale: submission!.locale,
      data: { displayName: displayNameOf(submission!.holder), username: username! },
    });
    step = 'completed';
    return { username: username! };
  }

  // The timer runs from the start: the whole signup must finish within `expiresInMs`.
  // (`step` changes in handlers, which the compiler's narrowing cannot see: read it through a function.)
  const currentStep = (): SignupStep => step;
  const finished = await condition(() => currentStep() === 'completed', options.expiresInMs);
  if (!finished && activation) {
    await activation; // the password arrived at the last moment: finish the activation
  } else if (!finished) {
    await condition(() => currentStep() !== 'creating'); // never release under a half-done acceptance
    step = 'expired';
    await releaseSignup({ profileId: signupId, username });
  }
  await condition(allHandlersFinished);
  return currentStep() === 'completed' ? { status: 'completed', username } : { status: 'expired' };
}
