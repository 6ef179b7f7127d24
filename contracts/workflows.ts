/** Workflow names and ids shared by the API, the workers and the workflows. No personal data in ids. */

/** `email-<key>`: one run per e-mail, which an operator can open to see where it is. */
export const deliverEmailWorkflowId = (emailKey: string): string => `email-${emailKey}`;
