import { displayNameOf, type CorrectableField, type CorrectionRequest, type FinalCorrectionStatus, type Locale, type SystemRejectionCause } from '../../contracts';
import type { AuditEventModel } from '../../customers/audit-event-model';
import type { ProfileCorrectionModel } from '../../customers/correction-model';
import type { CustomerProfileModel } from '../../customers/customer-profile-model';
import { updateProfileExclusively } from '../../customers/exclusive-profile-update';
import type { ProfileLock } from '../../customers/profile-lock';
import { insertOnce } from '../../db/mongo';
import { NotFoundError } from '../../domain/errors';

export interface CorrectionActivityDeps {
  profiles: CustomerProfileModel;
  corrections: ProfileCorrectionModel;
  auditEvents: AuditEventModel;
  profileLock: ProfileLock;
}

export interface CorrectionTarget {
  correctionId: string;
  profileId: string;
  field: CorrectableField;
  oldValue: string;
  newValue: string;
}

/** Applied, or why not: the value fails the rules today, or the field no longer holds the value the customer corrected. */
export type CorrectionApplication = { applied: true } | { applied: false; cause: Exclude<SystemRejectionCause, 'expired'> };

export interface CorrectionDecisionRecord extends CorrectionTarget {
  status: FinalCorrectionStatus;
  /** Operator id, or `system`. */
  actor: string;
  /** ISO time, fixed by the workflow so a retry writes the same. */
  decidedAt: string;
  note?: string;
  cause?: SystemRejectionCause;
}

/** Where the decision e-mail goes: the profile's contact address as it is now. */
export interface CorrectionContact {
  email: string;
  locale: Locale;
  displayName: string;
}

/**
 * Activities of holder-data corrections. The correction document and the audit event have ids
 * derived from the correctionId (insert-once); the profile is changed only under its lease.
 */
export function createCorrectionActivities({ profiles, corrections, auditEvents, profileLock }: CorrectionActivityDeps) {
  return {
    /** Records the request as `pending`, once. */
    async recordCorrectionRequest(input: Omit<CorrectionRequest, 'fingerprint'> & { correctionId: string; requestedAt: string; deadline: string }): Promise<void> {
      await insertOnce(corrections, {
        _id: input.correctionId,
        profileId: input.profileId,
        field: input.field,
        oldValue: input.oldValue,
        newValue: input.newValue,
        reason: input.reason,
        requestedBy: input.requestedBy,
        requestedAt: new Date(input.requestedAt),
        deadline: new Date(input.deadline),
        status: 'pending',
      });
    },

    /**
     * Sets the corrected value under the profile's lease, re-checked by today's rules. A retry
     * after the write finds the new value in place and reports it applied.
     */
    async applyCorrection(input: CorrectionTarget): Promise<CorrectionApplication> {
      // The registration rules carry their datasets (about 30 MiB): loaded by the first correction
      // applied, not by every Temporal worker at start (docs/decisions.md).
      const { holderCorrectionProblems, holderFieldOf } = await import('../../domain/profile/holder-correction');
      const holderField = holderFieldOf(input.field);
      let application: CorrectionApplication = { applied: true };
      try {
        await updateProfileExclusively({ profiles, lock: profileLock }, input.profileId, (profile) => {
          const current = profile.holder[holderField] ?? '';
          if (current === input.newValue) return null;
          if (current !== input.oldValue) {
            application = { applied: false, cause: 'value_changed' };
            return null;
          }
          if (holderCorrectionProblems(profile, input.field, input.newValue, new Date()).length > 0) {
            application = { applied: false, cause: 'no_longer_valid' };
            return null;
          }
          return { [input.field]: input.newValue };
        });
      } catch (error) {
        if (!(error instanceof NotFoundError)) throw error;
        application = { applied: false, cause: 'no_longer_valid' }; // the profile is gone
      }
      return application;
    },

    /** Keeps the decision in the audit trail and on the correction; answers where to tell the customer. */
    async recordCorrectionDecision(input: CorrectionDecisionRecord): Promise<CorrectionContact | null> {
      const at = new Date(input.decidedAt);
      const explanation = { ...(input.note ? { note: input.note } : {}), ...(input.cause ? { cause: input.cause } : {}) };
      await insertOnce(auditEvents, {
        _id: `correction-${input.correctionId}:decision`,
        kind: 'holder_correction',
        actor: input.actor,
        at,
        profileId: input.profileId,
        correctionId: input.correctionId,
        field: input.field,
        oldValue: input.oldValue,
        newValue: input.newValue,
        decision: input.status,
        ...explanation,
      });
      await corrections.updateOne({ _id: input.correctionId }, { $set: { status: input.status, decidedBy: input.actor, decidedAt: at, ...explanation } }).exec();
      const profile = await profiles.findById(input.profileId, { email: 1, locale: 1, holder: 1 }).lean().exec();
      return profile ? { email: profile.email, locale: profile.locale, displayName: displayNameOf(profile.holder) } : null;
    },
  };
}
