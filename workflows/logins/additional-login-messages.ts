import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { AdditionalLoginState, LoginRequestConfirmation } from '../../contracts';

/** The customer confirms the operation: the username is allocated, the login activated, the e-mail queued. Answers the username. */
export const confirmLoginRequest = defineUpdate<{ username: string }, [LoginRequestConfirmation]>('confirm');
/** Step, owning profile and (once created) the username: for the API and operators. */
export const loginRequestState = defineQuery<AdditionalLoginState>('state');
