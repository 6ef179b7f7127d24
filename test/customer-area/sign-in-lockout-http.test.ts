import { randomBytes } from 'node:crypto';
import { completedSignup, CUSTOMER_PASSWORD, signIn } from '../support/customers';
import { personForm } from '../support/registration-samples';
import { SystemHarness } from '../support/system-harness';

const WRONG = 'Tramonto-Sul-Lago-43';
const LOCKOUT_SECONDS = 3;
const MAX_DELAY_MS = 800;

/** A /64 of its own (the app trusts the loopback proxy's X-Forwarded-For; an IPv6 /64 is one client), so no two tests share a counter. */
const randomPrefix = () => `2001:db8:${randomBytes(4).toString('hex').match(/.{4}/g)!.join(':')}`;
const fromAddress = (prefix = randomPrefix()) => ({ 'x-forwarded-for': `${prefix}:${randomBytes(8).toString('hex').match(/.{4}/g)!.join(':')}`, 'accept-language': 'en' });
/** A username no login has, and no other test types. */
const unknownUsername = () => `${randomBytes(3).readUIntBE(0, 3) + 1_000_000}@unknown.example`;

describe('sign-in lockout and rate limit, through HTTP on the real stack', () => {
  // 3 failures lock a (username, address) pair for 3 s; 10 attempts per address and minute; the per-username delay stops at 800 ms.
  const system = new SystemHarness();
  beforeAll(
    () =>
      system.startSystem({
        overrides: {
          LOGIN_LOCKOUT_ATTEMPTS: '3',
          LOGIN_LOCKOUT_MINUTES: String(LOCKOUT_SECONDS / 60),
          SIGN_IN_RATE_LIMIT_PER_MINUTE: '10',
          LOGIN_DELAY_MAX_MS: String(MAX_DELAY_MS),
          TRUST_PROXY: '1',
        },
      }),
    60_000,
  );
  afterAll(() => system.stop());

  let username: string;
  beforeAll(async () => {
    username = await completedSignup(system, personForm);
  }, 60_000);

  it('locks a (username, address) pair after N failures: 429 with Retry-After there even with the right password, while the owner signs in from elsewhere', async () => {
    const prefix = randomPrefix();
    const address = fromAddress(prefix);
    for (let attempt = 1; attempt <= 3; attempt++) {
      const failed = await signIn(system, username, WRONG, address);
      expect([failed.status, failed.body.error.code]).toEqual([401, 'invalid_credentials']);
    }
    // Another address of the same /64 is the same client.
    const locked = await signIn(system, username, CUSTOMER_PASSWORD, fromAddress(prefix));
    expect(locked.status).toBe(429);
    expect(locked.body.error).toEqual({ code: 'rate_limited', message: 'Too many requests: please try again shortly.' });
    expect(locked.cookie).toBe('');
    const retryAfter = Number(locked.retryAfter);
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(LOCKOUT_SECONDS);

    const owner = await signIn(system, username, CUSTOMER_PASSWORD, fromAddress());
    expect([owner.status, owner.body]).toEqual([200, { username }]);

    await new Promise((resolve) => setTimeout(resolve, retryAfter * 1000 + 200));
    const unlocked = await signIn(system, username, CUSTOMER_PASSWORD, address);
    expect(unlocked.status).toBe(200);
    expect(unlocked.body).toEqual({ username });
  });

  it('a stranger failing from many addresses never locks the owner out: each attempt on the username waits longer, up to LOGIN_DELAY_MAX_MS', async () => {
    const owner = await completedSignup(system, personForm);
    const timed = async (password: string, headers = fromAddress()) => {
      const startedAt = performance.now();
      const answer = await signIn(system, owner, password, headers);
      return { status: answer.status, elapsedMs: performance.now() - startedAt };
    };
    const before = await timed(CUSTOMER_PASSWORD);
    expect(before.status).toBe(200);

    // Two failures from each of six addresses: no pair is locked, the username collects twelve.
    for (let stranger = 0; stranger < 6; stranger++) {
      const address = fromAddress();
      for (let attempt = 0; attempt < 2; attempt++) expect((await timed(WRONG, address)).status).toBe(401);
    }
    const after = await timed(CUSTOMER_PASSWORD);
    expect(after.status).toBe(200);
    expect(after.elapsedMs).toBeGreaterThanOrEqual(MAX_DELAY_MS - 20);
    expect(after.elapsedMs).toBeLessThan(MAX_DELAY_MS + 2_000);
    expect(before.elapsedMs).toBeLessThan(after.elapsedMs - MAX_DELAY_MS / 2);
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
