import type { CorrectionDecision } from '../../contracts';

/** The longest note an e-mail carries (the template's limit). */
export const EMAIL_NOTE_MAX_LENGTH = 1000;

/** How a signalled decision's operator is recorded: a name typed in the Temporal UI is a claim, never an identity. */
export const UNVERIFIED_PREFIX = 'unverified:';

/**
 * A decision as it arrives: `update` from the operator API, whose `operator` the API took from the
 * operator's own token (api/operator-auth.ts); `signal` from the Temporal UI's signal form, JSON a
 * person typed. Takes what is well-formed and answers undefined otherwise, never throws (a throwing
 * signal handler would fail the workflow task).
 *
 * A Signal carries no credential the workflow could check, so whatever name it gives is recorded as
 * `unverified:<name>` (`unverified:unnamed` without one): the audit trail never names an operator
 * who did not authenticate. Who sent it is in the run's history (the Signal event's `identity`,
 * which the UI sets from its SSO user); a decision that must name its operator goes through the API.
 */
export function decisionFrom(input: unknown, via: 'update' | 'signal' = 'update'): CorrectionDecision | undefined {
  if (typeof input !== 'object' || input === null) return undefined;
  const { approve, note, operator } = input as Record<string, unknown>;
  if (typeof approve !== 'boolean') return undefined;
  const noteText = typeof note === 'string' ? note.trim().slice(0, EMAIL_NOTE_MAX_LENGTH) : '';
  const name = typeof operator === 'string' ? operator.trim().slice(0, 100) : '';
  if (via === 'update' && !name) return undefined;
  return { approve, ...(noteText ? { note: noteText } : {}), operator: via === 'signal' ? `${UNVERIFIED_PREFIX}${name || 'unnamed'}` : name };
}
