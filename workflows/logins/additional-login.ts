import { allHandlersFinished, ApplicationFailure, condition, proxyActivities, setHandler, workflowInfo } from '@temporalio/workflow';
import type { Activities } from '../../activities';
import { boundedActivityOptions } from '../activity-options';
import {
  LOGIN_REQUEST_NOT_FOUND,
  type AdditionalLoginOutcome,
  type AdditionalLoginRequest,
  type AdditionalLoginState,
  type AdditionalLoginStep,
  type LoginRequestConflict,
} from '../../contracts';
import { StepAttribute } from '../step-attribute';
import { confirmLoginRequest, loginRequestState } from './additional-login-messages';

// A vanished profile or login (NotFoundError) will not come back by retrying.
const { profileContact, allocateUsername, activateAdditionalLogin, enqueueEmail } = proxyActivities<Activities>(boundedActivityOptions);

const refusal = (type: LoginRequestConflict | typeof LOGIN_REQUEST_NOT_FOUND, message: string) => ApplicationFailure.create({ type, message, nonRetryable: true });

/**
 * `additionalLogin` (id `login-request-<uuid>`): "Crea nuova login". Started with the password's
 * hash, it waits for the customer to confirm; the confirmation allocates a new username on the
 * same profile, activates it and queues the "login-created" e-mail to the profile's address.
 * Without a confirmation in time it expires and creates nothing.
 */
export async function additionalLogin(request: AdditionalLoginRequest): Promise<AdditionalLoginOutcome> {
  const flowId = workflowInfo().workflowId;
  let step: AdditionalLoginStep = 'confirm';
  const stepAttribute = new StepAttribute(step);
  let username: string | undefined;
  let creation: Promise<{ username: string }> | undefined;

  const create = async (): Promise<{ username: string }> => {
    step = 'creating';
    // Read first: a profile that is gone gets no username.
    const contact = await profileContact(request.profileId);
    username = await allocateUsername({ allocationKey: flowId, profileId: request.profileId, origin: 'additional-login', domain: request.usernameDomain });
    await activateAdditionalLogin({ username, profileId: request.profileId, allocationKey: flowId, passwordHash: request.passwordHash });
    await enqueueEmail({
      key: `${flowId}:login-created`,
      template: 'login-created',
      to: contact.email,
      locale: contact.locale,
      data: { displayName: contact.displayName, username },
    });
    step = 'completed';
    stepAttribute.report(step);
    return { username };
  };

  setHandler(loginRequestState, (): AdditionalLoginState => ({ step, profileId: request.profileId, username, next: step === 'confirm' ? 'confirm' : 'none' }));
  // A repeated confirmation (a retried POST) answers the same username: the creation runs once.
  setHandler(confirmLoginRequest, () => (creation ??= create()), {
    validator: ({ profileId }) => {
      if (profileId !== request.profileId) throw refusal(LOGIN_REQUEST_NOT_FOUND, 'no such login request');
      if (step === 'expired') throw refusal('login_request_expired', 'the login request expired');
    },
  });

  // The timer runs from the start; a confirmation that arrived before it fired is finished.
  const created = (await condition(() => creation !== undefined, request.expiresInMs)) ? await creation : undefined;
  if (!created) {
    step = 'expired';
    stepAttribute.report(step);
  }
  await condition(allHandlersFinished);
  return created ? { status: 'completed', username: created.username } : { status: 'expired' };
}
