import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { OrderRegistrationState } from '../../contracts';

/** A signed-in buyer gives the order to one of their logins instead of registering. */
export const associateOrder = defineUpdate<{ orderId: string; username: string }, [{ username: string; profileId: string }]>('associate');
export const orderRegistrationState = defineQuery<OrderRegistrationState>('state');
// REGISTRATI uses the signup's own messages (`submitForm`, `setPassword`, `passwordContext`): one registration, two journeys.
export { passwordContext, setPassword, submitForm } from '../signup/signup-messages';
