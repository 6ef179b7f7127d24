import { patched, upsertSearchAttributes } from '@temporalio/workflow';
import { STEP } from '../contracts/search-attributes';

/** Runs recorded before this patch carry no Step upserts, and keep replaying without them. */
const STEP_SEARCH_ATTRIBUTE = 'step-search-attribute';

/**
 * Tells operators where a run is: upserts the `Step` search attribute when it changes. Only names
 * of steps go there, never personal data.
 */
export class StepAttribute {
  private reported?: string;

  constructor(initial?: string) {
    this.reported = initial;
  }

  report(step: string): void {
    if (step === this.reported || !patched(STEP_SEARCH_ATTRIBUTE)) return;
    this.reported = step;
    upsertSearchAttributes([{ key: STEP, value: step }]);
  }
}
