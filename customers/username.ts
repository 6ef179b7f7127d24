import { createHash } from 'node:crypto';

/** Usernames are 7-digit codes: 1000000–9999999. */
const FIRST = 1_000_000;
const COUNT = 9_000_000;

/**
 * The i-th candidate username of one allocation: a deterministic, well-spread sequence per flow,
 * so a retried allocation tries the same codes and finds the one it already took.
 */
export function usernameCandidate(allocationKey: string, attempt: number, domain: string): string {
  const digest = createHash('sha256').update(`${allocationKey}:${attempt}`).digest();
  return `${FIRST + (digest.readUInt32BE(0) % COUNT)}@${domain}`;
}
