import { parseOptions } from '@node-rs/argon2';
import {
  ARGON2_PARAMS,
  hashPassword,
  hashSecret,
  hashSecretAnswer,
  verifyPassword,
  verifySecret,
  verifySecretAnswer,
} from '../../security/argon2';

const PHC_ARGON2ID = /^\$argon2id\$v=19\$m=19456,t=2,p=1\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$/;

describe('argon2id hashing of secrets', () => {
  it("uses OWASP's argon2id parameters", () => {
    expect(ARGON2_PARAMS).toMatchObject({ memoryCost: 19456, timeCost: 2, parallelism: 1, outputLen: 32 });
  });

  it('returns an argon2id PHC string with m=19456, t=2, p=1, a 16-byte salt and a 32-byte tag', async () => {
    const hash = await hashSecret('Vx7#kLm2Qz!p');
    expect(hash).toMatch(PHC_ARGON2ID);
    expect(parseOptions(hash)).toMatchObject({ algorithm: 2, memoryCost: 19456, timeCost: 2, parallelism: 1, outputLen: 32, saltLen: 16 });
  });

  it('salts every hash: one secret hashed twice gives two hashes, both verifying', async () => {
    const [first, second] = await Promise.all([hashSecret('same secret'), hashSecret('same secret')]);
    expect(first).not.toBe(second);
    expect(await verifySecret(first, 'same secret')).toBe(true);
    expect(await verifySecret(second, 'same secret')).toBe(true);
  });

  it('verifies the right secret and refuses a wrong one', async () => {
    const hash = await hashSecret('Vx7#kLm2Qz!p');
    expect(await verifySecret(hash, 'Vx7#kLm2Qz!p')).toBe(true);
    expect(await verifySecret(hash, 'vx7#kLm2Qz!p')).toBe(false);
    expect(await verifySecret(hash, '')).toBe(false);
  });

  it.each(['', 'not a hash', '$argon2id$v=19$m=19456,t=2,p=1$bad', '$2b$10$abcdefghijklmnopqrstuu', '$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHRzYWx0$'])(
    'answers false, never throws, for a malformed hash (%p)',
    async (malformed) => {
      await expect(verifySecret(malformed, 'anything')).resolves.toBe(false);
    },
  );

  it('hashes passwords in NFKC form, so composed and decomposed accents verify alike', async () => {
    const hash = await hashPassword('Perché-Sì-1!');
    expect(hash).toMatch(PHC_ARGON2ID);
    expect(await verifyPassword(hash, 'Perche\u0301-Si\u0300-1!')).toBe(true);
    expect(await verifyPassword(hash, 'Perche-Si-1!')).toBe(false);
  });
});

describe('secret answers', () => {
  it('are hashed normalized: case, accents and spacing do not matter', async () => {
    const hash = await hashSecretAnswer('  Città  di   Roma ');
    expect(hash).toMatch(PHC_ARGON2ID);
    expect(await verifySecret(hash, 'citta di roma')).toBe(true);
    expect(await verifySecretAnswer(hash, 'CITTÀ DI ROMA')).toBe(true);
    expect(await verifySecretAnswer(hash, 'citta di milano')).toBe(false);
  });

  it('refuses to hash an answer that is empty once normalized, and never matches one', async () => {
    await expect(hashSecretAnswer(' ?! ')).rejects.toThrow(RangeError);
    const hash = await hashSecret('');
    expect(await verifySecretAnswer(hash, ' ... ')).toBe(false);
  });

  it('answers false for a malformed stored hash', async () => {
    await expect(verifySecretAnswer('garbage', 'roma')).resolves.toBe(false);
  });
});
