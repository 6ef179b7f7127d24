import type { RecoveryDeps } from './recovery-deps';
import { keyedDigest } from './keyed-digest';
import { USERNAME_REMINDER_WINDOW_MS } from './recovery-limits';
import { startAccountEmail } from './recovery-email';

/** The `username-reminder` template lists at most this many usernames. */
const MAX_USERNAMES = 100;

/** As registration stores it: trimmed, domain in lower case, local part as typed. */
function contactAddressOf(email: string): string {
  const trimmed = email.trim();
  const at = trimmed.lastIndexOf('@');
  return at < 0 ? trimmed : trimmed.slice(0, at) + trimmed.slice(at).toLowerCase();
}

/** Lost username: one e-mail to the address listing every active username of the profiles that have it; nothing for an unknown address. */
export function usernameReminder(deps: RecoveryDeps): (email: string) => Promise<void> {
  return async (email) => {
    const address = contactAddressOf(email);
    // Indexed, but a scan on FerretDB 1.x (docs/decisions.md): acceptable for a rate-limited endpoint.
    const profiles = await deps.profiles.find({ email: address }, { _id: 1, locale: 1 }).sort({ _id: 1 }).lean();
    // Asked also when no profile matched, so an unknown address costs the same two queries.
    const logins = await deps.logins.find({ profileId: { $in: profiles.map((profile) => profile._id) }, status: 'active' }, { _id: 1 }).lean();
    const usernames = logins.map((login) => login._id).sort().slice(0, MAX_USERNAMES);
    const [firstProfile] = profiles;
    if (usernames.length === 0 || !firstProfile) return;

    const window = Math.floor(Date.now() / USERNAME_REMINDER_WINDOW_MS);
    await startAccountEmail(deps, {
      // The same address in the same window is the same e-mail: repeats do not flood the mailbox.
      key: `username-reminder:${keyedDigest(deps.secret, 'username-reminder', address).slice(0, 32)}:${window}`,
      template: 'username-reminder',
      to: address,
      locale: firstProfile.locale,
      data: { usernames },
    });
  };
}
