import type { FieldProblem } from '../errors';
import { PRIVACY_NOTICE_VERSION } from '../privacy';
import { normalizeRegistration, validateRegistration, type RegistrationForm } from '../registration';
import type { ProfilePatch } from './profile-patch';
import type { ConsentKind, ConsentRecord, ProfileView } from './profile-view';

type PrivacyChoices = NonNullable<ProfilePatch['privacy']>;

const CONSENT_KINDS = { noticeAccepted: 'privacy_notice', processingConsent: 'processing', marketingConsent: 'marketing' } as const satisfies Record<
  keyof PrivacyChoices,
  ConsentKind
>;

/** The part of the form a problem belongs to: the confirmation goes with its e-mail. */
const sectionOf = (path: string): string => (path === 'emailConfirmation' ? 'email' : (path.split('.')[0] ?? path));

function definedOnly<T extends object>(value: T | undefined): Partial<T> {
  return Object.fromEntries(Object.entries(value ?? {}).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** The latest choice of each kind (records are appended in time order), as the form would carry it. */
function currentPrivacy(consents: readonly ConsentRecord[]): RegistrationForm['privacy'] {
  const latest = new Map<ConsentKind, boolean>();
  for (const consent of consents) latest.set(consent.kind, consent.granted);
  return { noticeAccepted: latest.get('privacy_notice'), processingConsent: latest.get('processing'), marketingConsent: latest.get('marketing') };
}

/** The stored profile as a registration form with the patch applied: what the signup rules check. */
function patchedForm(profile: ProfileView, patch: ProfilePatch): RegistrationForm {
  return {
    subjectType: profile.subjectType,
    holder: { ...profile.holder },
    address: { ...profile.address, ...definedOnly(patch.address) },
    phone: patch.phone ?? profile.phone,
    email: patch.email ?? profile.email,
    // Without a new e-mail, a confirmation is compared with the stored address.
    emailConfirmation: patch.email !== undefined ? patch.emailConfirmation : (patch.emailConfirmation ?? profile.email),
    recovery: patch.recovery,
    privacy: { ...currentPrivacy(profile.consents), ...definedOnly(patch.privacy) },
  };
}

/**
 * Every problem of a patch at once, by the signup's own rules run on the resulting profile. Only
 * the patched parts are reported (an address part re-checks the whole address: a new province
 * must still contain the comune), so an old profile never blocks an unrelated change.
 */
export function profilePatchProblems(profile: ProfileView, patch: ProfilePatch, today: Date): FieldProblem[] {
  const patched = new Set(Object.keys(definedOnly(patch)).map(sectionOf));
  const problems = validateRegistration(patchedForm(profile, patch), today).filter((problem) => patched.has(sectionOf(problem.path)));
  for (const extra of recoveryPatchProblems(patch.recovery)) {
    if (!problems.some((problem) => problem.path === extra.path)) problems.push(extra);
  }
  return problems;
}

/** Setting the secret question needs both parts (an answer of only punctuation is refused by the signup rules). */
function recoveryPatchProblems(recovery: ProfilePatch['recovery']): FieldProblem[] {
  if (!recovery) return [];
  const problems: FieldProblem[] = [];
  if (!recovery.question.trim()) problems.push({ path: 'recovery.question', rule: 'required' });
  if (!recovery.answer.trim()) problems.push({ path: 'recovery.answer', rule: 'required' });
  return problems;
}

/**
 * The fields a valid patch sets, normalized as at signup (E.164 phone, ISTAT comune, e-mail domain
 * in lower case). New consents are appended with the notice version and time; none is overwritten.
 */
export function profilePatchChanges(profile: ProfileView, patch: ProfilePatch, now: Date, answerHash?: string): Record<string, unknown> {
  const normalized = normalizeRegistration(patchedForm(profile, patch));
  const changes: Record<string, unknown> = {};
  if (patch.address) changes.address = normalized.address;
  if (patch.phone !== undefined) changes.phone = normalized.phone;
  if (patch.email !== undefined) changes.email = normalized.email;
  if (patch.recovery) {
    if (!normalized.recovery || !answerHash) throw new Error('a recovery patch needs a validated question and the hash of its answer');
    changes.recovery = { question: normalized.recovery.question, answerHash };
  }
  const choices = Object.entries(definedOnly(patch.privacy)) as Array<[keyof PrivacyChoices, boolean]>;
  if (choices.length > 0) {
    const added: ConsentRecord[] = choices.map(([choice, granted]) => ({ kind: CONSENT_KINDS[choice], granted, version: PRIVACY_NOTICE_VERSION, at: now }));
    changes.consents = [...profile.consents, ...added];
  }
  return changes;
}
