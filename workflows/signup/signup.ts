import { allHandlersFinished, condition, proxyActivities, setHandler, workflowInfo } from '@temporalio/workflow';
import type { Activities } from '../../activities';
import type { SignupOptions, SignupOutcome } from '../../contracts';
import { Registration } from '../registration/registration';
import { StepAttribute } from '../step-attribute';
import { boundedActivityOptions } from '../activity-options';
import { passwordContext, setPassword, signupState, submitForm } from './signup-messages';

const { releaseSignup } = proxyActivities<Activities>(boundedActivityOptions);

/**
 * `signup` (id `signup-<uuid>`): standalone registration. The form arrives as an Update whose
 * validator refuses bad input before anything is recorded; then the profile is created and a
 * username allocated; then the password (as a hash) activates the login and "Conferma iscrizione"
 * is queued. Without a password in time, the signup expires and gives back what it reserved; a
 * step that fails for good gives it back too, and fails the run.
 */
export async function signup(options: SignupOptions): Promise<SignupOutcome> {
  const flowId = workflowInfo().workflowId;
  const registration = new Registration({
    flowKey: flowId.replace(/^signup-/, ''),
    flowId,
    origin: 'signup',
    usernameDomain: options.usernameDomain,
    stepAttribute: new StepAttribute('form'),
  });

  setHandler(signupState, () => ({
    step: registration.step,
    username: registration.username,
    next: registration.step === 'form' ? 'submit_form' : registration.step === 'password' ? 'set_password' : 'none',
  }));
  setHandler(passwordContext, () => registration.passwordContext());
  setHandler(submitForm, (form) => registration.accept(form), { validator: (form) => registration.validateForm(form) });
  setHandler(setPassword, ({ passwordHash }) => registration.activate(passwordHash), { validator: (_password) => registration.validatePassword() });

  // The timer runs from the start: the whole signup must finish within `expiresInMs`.
  const settled = () => registration.step === 'completed' || registration.step === 'failed';
  const finished = await condition(settled, options.expiresInMs);
  if (!finished && registration.activating) {
    await registration.activating.catch(() => undefined); // the password arrived at the last moment: finish the activation
  } else if (!finished) {
    await condition(() => registration.step !== 'creating'); // never release under a half-done acceptance
    if (registration.step !== 'failed') registration.moveTo('expired');
  }
  if (registration.step === 'expired' || (registration.step === 'failed' && registration.ownsProfile)) {
    await releaseSignup({ profileId: registration.profileId, username: registration.username });
  }
  await condition(allHandlersFinished);
  // A registration that failed for good fails its run, visibly, once what it reserved is given back.
  if (registration.step === 'failed') throw registration.failure!;
  return registration.step === 'completed' ? { status: 'completed', username: registration.username } : { status: 'expired' };
}
