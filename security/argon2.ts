/**
 * argon2id hashing of secrets (passwords, secret answers) at OWASP's parameters, as PHC strings.
 * `@node-rs/argon2`'s async calls run on the libuv threadpool, so the event loop stays free.
 * Never import this from workflows: they receive hashes only.
 */
import { hash as argon2Hash, verify as argon2Verify, type Algorithm, type Options } from '@node-rs/argon2';
import { normalizePassword } from '../domain/password-policy';
import { normalizeSecretAnswer } from '../domain/secret-answer';

/** `Algorithm` is a const enum whose runtime object is empty, so per-file transpilers (swc) cannot inline it: 2 is Argon2id. */
const ARGON2ID: Algorithm = 2;

/** OWASP Password Storage Cheat Sheet, argon2id: m=19 MiB, t=2, p=1. */
export const ARGON2_PARAMS = {
  algorithm: ARGON2ID,
  /**
   * Memory per hash, in KiB.
   * @defaultValue 19456 (19 MiB)
   */
  memoryCost: 19456,
  /**
   * Passes over memory.
   * @defaultValue 2
   */
  timeCost: 2,
  /**
   * Lanes; 1 keeps one hash on one threadpool thread.
   * @defaultValue 1
   */
  parallelism: 1,
  /**
   * Tag length in bytes (43 base64 characters in the PHC string).
   * @defaultValue 32
   */
  outputLen: 32,
} as const satisfies Options;

/** Hashes a secret with a fresh random salt; returns `$argon2id$v=19$m=19456,t=2,p=1$<salt>$<tag>`. */
export function hashSecret(plain: string): Promise<string> {
  return argon2Hash(plain, ARGON2_PARAMS);
}

/** True when `plain` matches `hash`; false, never an exception, when the hash is malformed. */
export async function verifySecret(hash: string, plain: string): Promise<boolean> {
  try {
    return await argon2Verify(hash, plain);
  } catch {
    return false;
  }
}

/** Passwords are hashed in NFKC form, the form the policy checked (NIST SP 800-63B). */
export function hashPassword(password: string): Promise<string> {
  return hashSecret(normalizePassword(password));
}

export function verifyPassword(hash: string, password: string): Promise<boolean> {
  return verifySecret(hash, normalizePassword(password));
}

/** Hashes the normalized answer, so case, accents, spacing and punctuation do not matter. */
export function hashSecretAnswer(answer: string): Promise<string> {
  const normalized = normalizeSecretAnswer(answer);
  // An answer of only spaces or punctuation would match anything; the API refuses it first.
  if (normalized === '') return Promise.reject(new RangeError('the secret answer is empty once normalized'));
  return hashSecret(normalized);
}

export function verifySecretAnswer(hash: string, answer: string): Promise<boolean> {
  const normalized = normalizeSecretAnswer(answer);
  return normalized === '' ? Promise.resolve(false) : verifySecret(hash, normalized);
}
