import type { PasswordContextView } from '../contracts';

/**
 * What each open signup's password step checks against, kept by the API process that accepted its
 * form, so the password step and the live policy check need no query of the flow (one round trip
 * through the Temporal server and the worker fewer per registration: docs/decisions.md).
 *
 * Once a form is accepted, its context never changes. Whether the password step is still open is
 * the flow's answer, given by the password Update's validator, so an entry that outlived its step
 * costs one refused Update and nothing else. An API process that did not accept the form (another
 * replica, or this one after a restart) finds nothing here and asks the flow, as before.
 *
 * Bounded twice: an entry lasts as long as its signup may, and the oldest go first past `capacity`.
 */
export class PasswordContexts {
  private readonly entries = new Map<string, { context: PasswordContextView; until: number }>();

  constructor(
    private readonly keepMs: number,
    private readonly capacity = 10_000,
    private readonly now: () => number = Date.now,
  ) {}

  remember(flowId: string, context: PasswordContextView): void {
    this.entries.delete(flowId); // a Map keeps insertion order: re-inserting makes it the newest
    this.entries.set(flowId, { context, until: this.now() + this.keepMs });
    for (const oldest of this.entries.keys()) {
      if (this.entries.size <= this.capacity) break;
      this.entries.delete(oldest);
    }
  }

  /** The context this process was told, unless it is older than its signup may be. */
  recall(flowId: string): PasswordContextView | undefined {
    const entry = this.entries.get(flowId);
    if (!entry) return undefined;
    if (entry.until > this.now()) return entry.context;
    this.entries.delete(flowId);
    return undefined;
  }

  /** Once the password step has been answered, either way. */
  forget(flowId: string): void {
    this.entries.delete(flowId);
  }

  get size(): number {
    return this.entries.size;
  }
}
