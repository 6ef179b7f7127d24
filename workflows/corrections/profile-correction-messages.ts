import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { CorrectionDecision, CorrectionState, CorrectionStatus } from '../../contracts';

/** Answers once the request is recorded (the API's 202); the argument is the request's fingerprint, so a reused Idempotency-Key with another body is refused. */
export const correctionRecorded = defineUpdate<{ correctionId: string; status: CorrectionStatus }, [string]>('recorded');
/** The operator API's decision: refused once decided; answers the final state, after the change and the e-mail. */
export const decide = defineUpdate<CorrectionState, [CorrectionDecision]>('decide');
/** The same decision sent from the Temporal UI (`{"approve": true, "note": "…", "operator": "…"}`); ignored once decided. */
export const decision = defineSignal<[CorrectionDecision]>('decision');
export const correctionState = defineQuery<CorrectionState>('state');
