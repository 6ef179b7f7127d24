import { defineQuery } from '@temporalio/workflow';
import type { EmailStatus, EmailTemplate } from '../../contracts';

/** Where the e-mail is (its outbox status, or `enqueueing` before the outbox has it) and which template: for operators. */
export const emailState = defineQuery<{ step: EmailStatus | 'enqueueing'; template: EmailTemplate }>('state');
