import { patched, upsertSearchAttributes } from '@temporalio/workflow';
import { STEP } from '../contracts/search-attributes';

/** Runs recorded before this patch carry no Step upserts, and keep replaying without them. */
const STEP_SEARCH_ATTRIBUTE = 'step-search-attribute';
/**
 * Newer runs decide at their start. On replay, `patched()` answers true only from the workflow task
 * that carries its marker, and a call made after a local activity can run in an earlier task than
 * the one its marker was recorded in (docs/decisions.md). Runs recorded with the older marker keep
 * asking where they did.
 */
const STEP_SEARCH_ATTRIBUTE_AT_START = 'step-search-attribute-at-start';

/**
 * Tells operators where a run is: upserts the `Step` search attribute when it changes. Only names
 * of steps go there, never personal data. Construct it when the run starts, before any activity.
 */
export class StepAttribute {
  private reported?: string;
  private readonly decidedAtStart = patched(STEP_SEARCH_ATTRIBUTE_AT_START);

  constructor(initial?: string) {
    this.reported = initial;
  }

  report(step: string): void {
    if (step === this.reported || !(this.decidedAtStart || patched(STEP_SEARCH_ATTRIBUTE))) return;
    this.reported = step;
    upsertSearchAttributes([{ key: STEP, value: step }]);
  }
}
