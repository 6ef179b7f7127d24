import { ConflictError } from '../domain/errors';
import type { LoginModel } from './login-model';

export interface LoginActivation {
  username: string;
  profileId: string;
  /** The flow that reserved the login (`allocatedBy`). */
  allocationKey: string;
  passwordHash: string;
}

/**
 * Moves a login from reserved to active with its password hash, only when the given flow reserved
 * it on that profile. A retry finds it already active and changes nothing; any other login, above
 * all an active one of another flow, is never overwritten (`login_not_reserved`, not retried).
 */
export async function activateReservedLogin(logins: LoginModel, activation: LoginActivation): Promise<void> {
  const owned = { _id: activation.username, profileId: activation.profileId, allocatedBy: activation.allocationKey };
  const { matchedCount } = await logins.updateOne({ ...owned, status: 'reserved' }, { $set: { passwordHash: activation.passwordHash, status: 'active', activatedAt: new Date() } }).exec();
  if (matchedCount === 1) return;
  const login = await logins.findById(activation.username, { status: 1, profileId: 1, allocatedBy: 1 }).lean().exec();
  const alreadyActivatedByThisFlow = login?.status === 'active' && login.profileId === activation.profileId && login.allocatedBy === activation.allocationKey;
  if (!alreadyActivatedByThisFlow) throw new ConflictError('login_not_reserved', `login ${activation.username} is not reserved by ${activation.allocationKey}`);
}
