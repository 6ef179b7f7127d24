import { OPERATOR_ID, type CorrectionDecision } from '../../contracts';

/** The longest note an e-mail carries (the template's limit). */
export const EMAIL_NOTE_MAX_LENGTH = 1000;

/**
 * A decision as the Temporal UI's signal form delivers it: JSON a person typed. Takes what is
 * well-formed and answers undefined otherwise, never throws (a throwing signal handler would fail
 * the workflow task). Without an `operator`, the single operator identity is assumed.
 */
export function decisionFrom(input: unknown): CorrectionDecision | undefined {
  if (typeof input !== 'object' || input === null) return undefined;
  const { approve, note, operator } = input as Record<string, unknown>;
  if (typeof approve !== 'boolean') return undefined;
  const noteText = typeof note === 'string' ? note.trim().slice(0, EMAIL_NOTE_MAX_LENGTH) : '';
  const operatorId = typeof operator === 'string' ? operator.trim().slice(0, 100) : '';
  return { approve, ...(noteText ? { note: noteText } : {}), operator: operatorId || OPERATOR_ID };
}
