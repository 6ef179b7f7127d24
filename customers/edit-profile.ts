import { ValidationError } from '../domain/errors';
import type { ProfilePatch } from '../domain/profile/profile-patch';
import { profilePatchChanges, profilePatchProblems } from '../domain/profile/profile-patch-rules';
import { hashSecretAnswer } from '../security/argon2';
import type { CustomerProfile } from './customer-profile-model';
import { updateProfileExclusively, type ProfileWriterDeps } from './exclusive-profile-update';

/**
 * Journey 4: a login edits its profile's contact data, which every login of the profile shares
 * (one stored document). The patch is checked first (422, nothing written), the secret answer
 * hashed outside the lease (argon2 is slow), then checked again on the profile read under the lease.
 */
export async function editProfile(deps: ProfileWriterDeps, profileId: string, patch: ProfilePatch, now = new Date()): Promise<CustomerProfile> {
  const current = await deps.profiles.findById(profileId).lean().exec();
  if (current) rejectInvalid(current, patch, now);
  const answerHash = patch.recovery ? await hashSecretAnswer(patch.recovery.answer) : undefined;
  return updateProfileExclusively(deps, profileId, (profile) => {
    rejectInvalid(profile, patch, now);
    return profilePatchChanges(profile, patch, now, answerHash);
  });
}

function rejectInvalid(profile: CustomerProfile, patch: ProfilePatch, now: Date): void {
  const problems = profilePatchProblems(profile, patch, now);
  if (problems.length > 0) throw new ValidationError(problems);
}
