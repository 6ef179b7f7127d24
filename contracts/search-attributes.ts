import { defineSearchAttributeKey, SearchAttributeType, TypedSearchAttributes } from '@temporalio/common';

/**
 * What operators find runs by in the Temporal UI: the journey, the step it is at, and the order it
 * serves. Never personal data: ids of flows and orders, names of steps. Registered when Temporal
 * starts (stack/servers.ts, docker-compose.yml).
 */
export const JOURNEY = defineSearchAttributeKey('Journey', SearchAttributeType.KEYWORD);
export const STEP = defineSearchAttributeKey('Step', SearchAttributeType.KEYWORD);
export const ORDER_ID = defineSearchAttributeKey('OrderId', SearchAttributeType.KEYWORD);
export const SEARCH_ATTRIBUTE_KEYS = [JOURNEY, STEP, ORDER_ID];

export type Journey = 'signup' | 'first-purchase' | 'additional-login' | 'correction' | 'email';

/** The UI's one-line description of each journey's runs: static, the same for every run. */
const SUMMARIES: Record<Journey, string> = {
  signup: 'Standalone signup: form → password → "Conferma iscrizione"',
  'first-purchase': 'Registration during a first purchase: REGISTRATI or association → services attached',
  'additional-login': '"Crea nuova login": confirmation → new username on the same profile',
  correction: 'Holder data correction: waiting for an operator decision (Signal "decision")',
  email: 'One e-mail through the outbox, followed until final',
};

/** Start options every flow carries: its journey and first step (and order) as search attributes, and its static summary. */
export function flowStartOptions(journey: Journey, firstStep: string, orderId?: string): { typedSearchAttributes: TypedSearchAttributes; staticSummary: string } {
  const pairs = [
    { key: JOURNEY, value: journey },
    { key: STEP, value: firstStep },
    ...(orderId ? [{ key: ORDER_ID, value: orderId }] : []),
  ];
  return { typedSearchAttributes: new TypedSearchAttributes(pairs), staticSummary: SUMMARIES[journey] };
}
