import type { CorrectableField } from '../../contracts';
import type { FieldProblem } from '../errors';
import { normalizeRegistration, validateRegistration, type HolderField, type RegistrationForm } from '../registration';
import type { ProfileView } from './profile-view';

export type HolderView = Pick<ProfileView, 'subjectType' | 'holder'>;

export const holderFieldOf = (field: CorrectableField): HolderField => field.slice('holder.'.length) as HolderField;

/** The holder with one field replaced, as the registration form carries it (the other parts are not checked here). */
function correctedForm(profile: HolderView, field: CorrectableField, value: string): RegistrationForm {
  return { subjectType: profile.subjectType, holder: { ...profile.holder, [holderFieldOf(field)]: value }, address: { country: 'IT' }, privacy: {} };
}

/** The value as it would be stored (codes upper case without spaces, names trimmed); `''` when blank. */
export function normalizedHolderValue(profile: HolderView, field: CorrectableField, value: string): string {
  return normalizeRegistration(correctedForm(profile, field, value)).holder[holderFieldOf(field)] ?? '';
}

/**
 * A corrected holder value checked by the signup's own rules for the profile's subject type
 * (a field the type does not have is `not_allowed`); a value equal to the current one is `unchanged`.
 */
export function holderCorrectionProblems(profile: HolderView, field: CorrectableField, value: string, today: Date): FieldProblem[] {
  const problems = validateRegistration(correctedForm(profile, field, value), today).filter((problem) => problem.path === field);
  if (problems.length === 0 && normalizedHolderValue(profile, field, value) === (profile.holder[holderFieldOf(field)] ?? '')) {
    problems.push({ path: field, rule: 'unchanged' });
  }
  return problems;
}
