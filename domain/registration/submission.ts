import type { RegistrationSubmission } from '../../contracts';
import type { FieldProblem } from '../errors';
import { validateRegistration } from './validate-registration';

const ARGON2ID_PHC = /^\$argon2id\$v=19\$m=\d+,t=\d+,p=\d+\$[A-Za-z0-9+/]+\$[A-Za-z0-9+/]+$/;

/**
 * The signup workflow's own check of a submission (its Update validator): the same rules as the
 * API, on the form as the API forwards it, plus proof that the secret answer arrived hashed.
 */
export function submissionProblems(submission: RegistrationSubmission, today: Date): FieldProblem[] {
  const problems = validateRegistration(
    {
      subjectType: submission.subjectType,
      holder: submission.holder,
      address: submission.address,
      phone: submission.phone,
      email: submission.email,
      emailConfirmation: submission.email,
      // The answer itself never comes here; its hash stands in for "an answer was given".
      recovery: submission.recovery ? { question: submission.recovery.question, answer: submission.recovery.answerHash } : undefined,
      privacy: submission.privacy,
    },
    today,
  );
  if (submission.recovery && !ARGON2ID_PHC.test(submission.recovery.answerHash)) {
    problems.push({ path: 'recovery.answer', rule: 'format' });
  }
  return problems;
}

/** How e-mails address the holder: the names of a person, the name of a company. */
export function displayNameOf(holder: RegistrationSubmission['holder']): string {
  const person = [holder.firstName, holder.lastName].filter(Boolean).join(' ');
  return holder.companyName || person || '';
}
