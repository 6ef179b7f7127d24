import type { CorrectableField, CorrectionRequest } from '../contracts';
import { NotFoundError, ValidationError, type FieldProblem } from '../domain/errors';
import { holderCorrectionProblems, holderFieldOf, normalizedHolderValue } from '../domain/profile/holder-correction';
import type { CustomerProfileModel } from './customer-profile-model';

export interface CorrectionSubmission {
  field: CorrectableField;
  value: string;
  reason: string;
}

/** A rule's problem at the body's own paths: a field the subject type lacks is the `field`'s fault, anything else the `value`'s. */
const atBodyPath = (problem: FieldProblem): FieldProblem => ({ ...problem, path: problem.rule === 'not_allowed' ? 'field' : 'value' });

/**
 * Journey 5: what a correction request says, checked by the signup's rules against the profile's
 * subject type (422 with every problem, nothing started) and normalized as it would be stored.
 */
export async function correctionRequestFor(
  profiles: CustomerProfileModel,
  login: { username: string; profileId: string },
  submission: CorrectionSubmission,
  fingerprint: string,
  today = new Date(),
): Promise<CorrectionRequest> {
  const profile = await profiles.findById(login.profileId, { subjectType: 1, holder: 1 }).lean().exec();
  if (!profile) throw new NotFoundError('no such profile');
  const problems = holderCorrectionProblems(profile, submission.field, submission.value, today);
  if (problems.length > 0) throw new ValidationError(problems.map(atBodyPath));
  return {
    profileId: login.profileId,
    field: submission.field,
    oldValue: profile.holder[holderFieldOf(submission.field)] ?? '',
    newValue: normalizedHolderValue(profile, submission.field, submission.value),
    reason: submission.reason.trim(),
    requestedBy: login.username,
    fingerprint,
  };
}
