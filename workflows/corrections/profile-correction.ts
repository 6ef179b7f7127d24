import { allHandlersFinished, ApplicationFailure, condition, proxyActivities, setHandler, workflowInfo } from '@temporalio/workflow';
import type { Activities } from '../../activities';
import { boundedActivityOptions } from '../activity-options';
import {
  CORRECTABLE_FIELD_LABELS,
  SYSTEM_ACTOR,
  SYSTEM_REJECTION_NOTES,
  type CorrectionConflict,
  type CorrectionDecision,
  type CorrectionOptions,
  type CorrectionRequest,
  type CorrectionState,
  type FinalCorrectionStatus,
  type Locale,
  type SystemRejectionCause,
} from '../../contracts';
import { StepAttribute } from '../step-attribute';
import { decisionFrom, EMAIL_NOTE_MAX_LENGTH } from './decision-payload';
import { correctionRecorded, correctionState, decide, decision } from './profile-correction-messages';

const { recordCorrectionRequest, applyCorrection, recordCorrectionDecision, enqueueEmail } = proxyActivities<Activities>(boundedActivityOptions);

const conflict = (type: CorrectionConflict, message: string) => ApplicationFailure.create({ type, message, nonRetryable: true });

/** The e-mail's note: the system's reason when it overruled or replaced the operator, else the operator's own. */
function emailNote(operatorNote: string | undefined, cause: SystemRejectionCause | undefined, locale: Locale): string | undefined {
  return (cause ? SYSTEM_REJECTION_NOTES[cause][locale] : operatorNote)?.slice(0, EMAIL_NOTE_MAX_LENGTH);
}

/**
 * `profileCorrection` (id `correction-<uuid>`): a customer asks to correct a data-entry error in
 * the holder data. The request is recorded, then the run waits for an operator's decision (Update
 * `decide` from the operator API, or Signal `decision` from the Temporal UI) until the deadline,
 * after which it is rejected automatically. An approval is applied to the one shared profile,
 * re-checked by today's rules; every outcome is audited and e-mailed to the customer.
 */
export async function profileCorrection(request: CorrectionRequest, options: CorrectionOptions): Promise<CorrectionState> {
  const correctionId = workflowInfo().workflowId.replace(/^correction-/, '');
  const { profileId, field, oldValue, newValue } = request;
  const target = { correctionId, profileId, field, oldValue, newValue };
  const requestedAt = new Date();
  const deadlineAt = requestedAt.getTime() + options.deadlineMs;
  let state: CorrectionState = { correctionId, status: 'pending', field, deadline: new Date(deadlineAt).toISOString() };
  const stepAttribute = new StepAttribute(state.status);
  let recorded = false;
  let decided: (CorrectionDecision & { at: string }) | undefined;
  const take = (chosen: CorrectionDecision) => {
    decided ??= { ...chosen, at: new Date().toISOString() };
  };
  const settled = () => state.status !== 'pending' && state.status !== 'applying';

  setHandler(correctionState, () => state);
  setHandler(
    correctionRecorded,
    async () => {
      await condition(() => recorded);
      return { correctionId, status: state.status };
    },
    {
      validator: (fingerprint) => {
        if (fingerprint !== request.fingerprint) throw conflict('idempotency_key_reused', 'this correction was requested with another body');
      },
    },
  );
  setHandler(
    decide,
    async (chosen) => {
      take(decisionFrom(chosen) ?? chosen);
      await condition(settled);
      return state;
    },
    {
      validator: (chosen) => {
        if (decided) throw conflict('correction_decided', 'the correction is already decided');
        if (!decisionFrom(chosen)) {
          throw ApplicationFailure.create({ type: 'ValidationError', message: 'invalid decision', details: [[{ path: 'approve', rule: 'type' }]], nonRetryable: true });
        }
      },
    },
  );
  setHandler(decision, (payload) => {
    const chosen = decisionFrom(payload);
    if (chosen) take(chosen); // a malformed or late signal changes nothing: a signal cannot be refused
  });

  await recordCorrectionRequest({ ...target, reason: request.reason, requestedBy: request.requestedBy, requestedAt: requestedAt.toISOString(), deadline: state.deadline });
  recorded = true;

  await condition(() => decided !== undefined, Math.max(deadlineAt - Date.now(), 1));
  const expired = decided === undefined;
  // A decision that arrived together with the deadline is honoured, not overruled by the timer.
  const chosen = (decided ??= { approve: false, operator: SYSTEM_ACTOR, at: new Date().toISOString() });
  state = { ...state, status: 'applying', decidedBy: chosen.operator, decidedAt: chosen.at, note: chosen.note };

  let status: FinalCorrectionStatus = expired ? 'expired' : chosen.approve ? 'approved' : 'rejected';
  let cause: SystemRejectionCause | undefined = expired ? 'expired' : undefined;
  if (status === 'approved') {
    const application = await applyCorrection(target);
    if (!application.applied) [status, cause] = ['rejected', application.cause];
  }
  const contact = await recordCorrectionDecision({ ...target, status, actor: chosen.operator, decidedAt: chosen.at, note: chosen.note, cause });
  if (contact) {
    await enqueueEmail({
      key: `correction-${correctionId}:decided`,
      template: 'correction-decided',
      to: contact.email,
      locale: contact.locale,
      data: { displayName: contact.displayName, field: CORRECTABLE_FIELD_LABELS[field][contact.locale], approved: status === 'approved', note: emailNote(chosen.note, cause, contact.locale) },
    });
  }
  state = { ...state, status, ...(cause ? { cause } : {}) };
  stepAttribute.report(status);
  await condition(allHandlersFinished);
  return state;
}
