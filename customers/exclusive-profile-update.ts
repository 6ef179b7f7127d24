import { NotFoundError } from '../domain/errors';
import type { CustomerProfile, CustomerProfileModel } from './customer-profile-model';
import { ProfileBusyError, type ProfileLock } from './profile-lock';

export interface ProfileWriterDeps {
  profiles: CustomerProfileModel;
  lock: ProfileLock;
}

/** The fields to `$set` (dotted paths allowed), or null when there is nothing to change. */
export type ProfileChange = (profile: CustomerProfile) => Record<string, unknown> | null;

/**
 * Reads, changes and writes one profile under its lease, bumping `version`. The write is also
 * conditional on the version read: should the lease ever run out mid-write and another writer get
 * in, this one fails (ProfileBusyError, retried) instead of overwriting it. Answers the stored profile.
 */
export async function updateProfileExclusively({ profiles, lock }: ProfileWriterDeps, profileId: string, change: ProfileChange): Promise<CustomerProfile> {
  return lock.withLease(profileId, async () => {
    const profile = await profiles.findById(profileId).lean().exec();
    if (!profile) throw new NotFoundError('no such profile');
    const fields = change(profile);
    if (!fields || Object.keys(fields).length === 0) return profile;
    // `$set` of the next version, not `$inc`: FerretDB loses concurrent increments (docs/decisions.md).
    const written = await profiles.updateOne({ _id: profileId, version: profile.version }, { $set: { ...fields, version: profile.version + 1 } }).exec();
    if (written.matchedCount === 0) throw new ProfileBusyError();
    const stored = await profiles.findById(profileId).lean().exec();
    if (!stored) throw new NotFoundError('no such profile');
    return stored;
  });
}
