import { randomBytes } from 'node:crypto';
import { completedSignup, CUSTOMER_PASSWORD, signIn } from '../support/customers';
import { personForm } from '../support/registration-samples';
import { SystemHarness } from '../support/system-harness';

const WRONG = 'Tramonto-Sul-Lago-43';
const LOCKOUT_SECONDS = 3;

/** A client address of its own (the app trusts the loopback proxy's X-Forwarded-For), so no two tests share a counter. */
const fromAddress = () => ({ 'x-forwarded-for': `2001:db8::${randomBytes(8).toString('hex').match(/.{4}/g)!.join(':')}`, 'accept-language': 'en' });
/** A username no login has, and no other test types. */
const unknownUsername = () => `${randomBytes(3).readUIntBE(0, 3) + 1_000_000}@unknown.example`;

describe('sign-in lockout and rate limit, through HTTP on the real stack', () => {
  // 3 failures lock a username for 3 s; 10 attempts per address and minute.
  const system = new SystemHarness();
  beforeAll(
    () => system.startSystem({ overrides: { LOGIN_LOCKOUT_ATTEMPTS: '3', LOGIN_LOCKOUT_MINUTES: String(LOCKOUT_SECONDS / 60), SIGN_IN_RATE_LIMIT_PER_MINUTE: '10' } }),
    60_000,
  );
  afterAll(() => system.stop());

  let username: string;
  beforeAll(async () => {
    username = await completedSignup(system, personForm);
  }, 60_000);

  it('locks a login after N failures: 429 with Retry-After even with the right password, then unlocks after the lockout', async () => {
    const address = fromAddress();
    for (let attempt = 1; attempt <= 3; attempt++) {
      const failed = await signIn(system, username, WRONG, address);
      expect([failed.status, failed.body.error.code]).toEqual([401, 'invalid_credentials']);
    }
    const locked = await signIn(system, username, CUSTOMER_PASSWORD, fromAddress());
    expect(locked.status).toBe(429);
    expect(locked.body.error).toEqual({ code: 'rate_limited', message: 'Too many requests: please try again shortly.' });
    expect(locked.cookie).toBe('');
    const retryAfter = Number(locked.retryAfter);
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(LOCKOUT_SECONDS);

    await new Promise((resolve) => setTimeout(resolve, retryAfter * 1000 + 200));
    const unlocked = await signIn(system, username, CUSTOMER_PASSWORD, fromAddress());
    expect(unlocked.status).toBe(200);
    expect(unlocked.body).toEqual({ username });
  });

  it('locks an unknown username alike, so a 429 says nothing about whether the account exists', async () => {
    const address = fromAddress();
    const unknown = unknownUsername();
    for (let attempt = 1; attempt <= 3; attempt++) expect((await signIn(system, unknown, WRONG, address)).status).toBe(401);
    const locked = await signIn(system, unknown, WRONG, address);
    expect(locked.status).toBe(429);
    expect(locked.retryAfter).toMatch(/^[1-3]$/);

    const other = await completedSignup(system, personForm);
    for (let attempt = 1; attempt <= 3; attempt++) await signIn(system, other, WRONG, address);
    const lockedKnown = await signIn(system, other, WRONG, address);
    expect([lockedKnown.status, lockedKnown.body]).toEqual([locked.status, locked.body]);
  });

  it('keeps no typed username in Redis, only digests', async () => {
    const typed = 'Tramonto-Sul-Lago-42@typed-in-the-wrong-field';
    await signIn(system, typed, WRONG, fromAddress());
    const keys = await system.redis.keys('*');
    expect(keys.some((key) => key.includes('tramonto'))).toBe(false);
    expect(keys.some((key) => key.startsWith('rl:sign-in-failures:'))).toBe(true);
  });

  it('limits sign-in attempts per client address: over the limit → 429 with Retry-After; other addresses go on', async () => {
    const address = fromAddress();
    // Ten usernames, one attempt each: no lockout, only the address counts.
    for (let attempt = 1; attempt <= 10; attempt++) {
      expect((await signIn(system, unknownUsername(), WRONG, address)).status).toBe(401);
    }
    const limited = await signIn(system, username, CUSTOMER_PASSWORD, address);
    expect(limited.status).toBe(429);
    expect(limited.body.error.code).toBe('rate_limited');
    expect(Number(limited.retryAfter)).toBeGreaterThanOrEqual(1);
    expect(Number(limited.retryAfter)).toBeLessThanOrEqual(60);

    const elsewhere = await signIn(system, username, CUSTOMER_PASSWORD, fromAddress());
    expect(elsewhere.status).toBe(200);
  });
});
