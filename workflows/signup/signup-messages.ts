import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { PasswordContextView, RegistrationSubmission, SignupState } from '../../contracts';

/** The form ("AVANTI"): accepted → profile created → username allocated. Answers the username. */
export const submitForm = defineUpdate<{ username: string }, [RegistrationSubmission]>('submitForm');
/** The password, as an argon2id hash only: the login becomes active and the confirmation is queued. */
export const setPassword = defineUpdate<{ username: string }, [{ passwordHash: string }]>('setPassword');
/** Step, username once allocated, allowed next action: for the API and operators. */
export const signupState = defineQuery<SignupState>('state');
/** What the API needs to check a password against the policy; null before the username exists. */
export const passwordContext = defineQuery<PasswordContextView | null>('passwordContext');
