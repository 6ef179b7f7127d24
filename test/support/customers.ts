import type { JsonBody } from './http';
import type { SystemHarness } from './system-harness';

/** A password that meets the policy for the sample customers (no names, codes or e-mail in it). */
export const CUSTOMER_PASSWORD = 'Tramonto-Sul-Lago-42';

/** A standalone signup through the API up to its password: the returned username is an active login. */
export async function completedSignup(system: SystemHarness, form: object, password = CUSTOMER_PASSWORD): Promise<string> {
  const submitted = await system.request('POST', '/api/v1/signups', form);
  if (submitted.status !== 201) throw new Error(`signup refused: ${JSON.stringify(submitted.body)}`);
  const done = await system.request('POST', `/api/v1/signups/${submitted.body.signupId}/password`, { password, passwordConfirmation: password });
  if (done.status !== 200) throw new Error(`password refused: ${JSON.stringify(done.body)}`);
  return submitted.body.username;
}

/** `POST /api/v1/session`: the answer, Retry-After, and the `cookie` header value to send as this login. */
export async function signIn(
  system: SystemHarness,
  username: string,
  password: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: JsonBody; retryAfter: string | null; cookie: string }> {
  const res = await fetch(system.url('/api/v1/session'), {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ username, password }),
  });
  const cookie = res.headers.get('set-cookie')?.split(';')[0] ?? '';
  return { status: res.status, body: (await res.json()) as JsonBody, retryAfter: res.headers.get('retry-after'), cookie };
}

/** Signs in and returns the `cookie` header of the session; throws unless signed in. */
export async function sessionOf(system: SystemHarness, username: string, password = CUSTOMER_PASSWORD): Promise<string> {
  const signedIn = await signIn(system, username, password);
  if (signedIn.status !== 200) throw new Error(`sign-in refused (${signedIn.status}): ${JSON.stringify(signedIn.body)}`);
  return signedIn.cookie;
}
