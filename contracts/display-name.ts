import type { RegistrationSubmission } from './signup';

/** How e-mails address the holder: the name of a company, else the names of a person. */
export function displayNameOf(holder: RegistrationSubmission['holder']): string {
  const person = [holder.firstName, holder.lastName].filter(Boolean).join(' ');
  return holder.companyName || person || '';
}
