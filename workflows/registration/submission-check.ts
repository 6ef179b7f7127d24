import { SUBJECT_TYPE_VALUES, type RegistrationSubmission } from '../../contracts';

/** A field the workflow refuses, in the shape of the API's field problems. */
export interface SubmissionProblem {
  path: string;
  rule: string;
}

const ARGON2ID_PHC = /^\$argon2id\$v=19\$m=\d+,t=\d+,p=\d+\$[A-Za-z0-9+/]+\$[A-Za-z0-9+/]+$/;
const SHA256_HEX = /^[0-9a-f]{64}$/;
const nonEmpty = (value: unknown): boolean => typeof value === 'string' && value.trim().length > 0;

/**
 * The registration workflows' own check of a submission (their Update validator). The API has
 * already run every rule of the form (codice fiscale, places, phone…) with its datasets; a workflow
 * must stay small, so here only what no API-made submission lacks is checked: the shape, the
 * fingerprint, and proof that the secret answer arrived hashed and never in clear.
 */
export function submissionProblems(submission: RegistrationSubmission): SubmissionProblem[] {
  const problems: SubmissionProblem[] = [];
  const refuse = (path: string, rule: string) => problems.push({ path, rule });
  if (!SUBJECT_TYPE_VALUES.includes(submission.subjectType)) refuse('subjectType', 'enum');
  const { holder, address, privacy, recovery } = submission;
  if (typeof holder !== 'object' || holder === null) refuse('holder', 'required');
  else if (!nonEmpty(holder.companyName) && !(nonEmpty(holder.firstName) && nonEmpty(holder.lastName))) refuse('holder', 'required');
  for (const field of ['street', 'city', 'country'] as const) if (!nonEmpty(address?.[field])) refuse(`address.${field}`, 'required');
  if (!nonEmpty(submission.phone)) refuse('phone', 'required');
  if (typeof submission.email !== 'string' || !/^[^\s@]+@[^\s@]+$/.test(submission.email)) refuse('email', 'format');
  if (privacy?.noticeAccepted !== true) refuse('privacy.noticeAccepted', 'must_accept');
  if (recovery && (!nonEmpty(recovery.question) || !ARGON2ID_PHC.test(recovery.answerHash ?? ''))) refuse('recovery.answer', 'format');
  if (submission.locale !== 'it' && submission.locale !== 'en') refuse('locale', 'enum');
  if (!SHA256_HEX.test(submission.fingerprint ?? '')) refuse('fingerprint', 'format');
  return problems;
}
