import { randomUUID } from 'node:crypto';
import { usernameCandidate } from '../../customers/username';
import { hashPassword } from '../../security/argon2';
import type { SystemHarness } from './system-harness';

/** Meets the password policy for every sample form (no names, codes or e-mail in it). */
export const PROFILE_PASSWORD = 'Tramonto-Sul-Lago-42';

export interface SignedInLogin {
  username: string;
  /** The `cookie` header value of its session. */
  cookie: string;
}

/** `POST /api/v1/session` as this login; throws unless it signs in. */
export async function signedIn(system: SystemHarness, username: string, password = PROFILE_PASSWORD): Promise<SignedInLogin> {
  const res = await fetch(system.url('/api/v1/session'), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
  if (res.status !== 200) throw new Error(`sign-in refused (${res.status}): ${await res.text()}`);
  return { username, cookie: res.headers.get('set-cookie')?.split(';')[0] ?? '' };
}

/**
 * A customer profile with `count` active logins, each signed in: the first from a signup through the
 * API, the others inserted directly as login documents (what "Crea nuova login" leaves behind),
 * so these tests do not depend on that feature.
 */
export async function profileWithLogins(system: SystemHarness, form: object, count: number): Promise<{ profileId: string; logins: SignedInLogin[] }> {
  const submitted = await system.request('POST', '/api/v1/signups', form);
  if (submitted.status !== 201) throw new Error(`signup refused: ${JSON.stringify(submitted.body)}`);
  const done = await system.request('POST', `/api/v1/signups/${submitted.body.signupId}/password`, { password: PROFILE_PASSWORD, passwordConfirmation: PROFILE_PASSWORD });
  if (done.status !== 200) throw new Error(`password refused: ${JSON.stringify(done.body)}`);
  const first: string = submitted.body.username;
  const profileId = (await system.logins.findById(first).lean())!.profileId;

  const passwordHash = await hashPassword(PROFILE_PASSWORD);
  const others = Array.from({ length: count - 1 }, () => usernameCandidate(`test-login-${randomUUID()}`, 0, 'aruba.it'));
  for (const username of others) {
    await system.logins.create({ _id: username, profileId, passwordHash, status: 'active', origin: 'additional-login', allocatedBy: `test-${username}`, activatedAt: new Date(), failedAttempts: 0 });
  }
  const logins = await Promise.all([first, ...others].map((username) => signedIn(system, username)));
  return { profileId, logins };
}
