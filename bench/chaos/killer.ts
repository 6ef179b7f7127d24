import type { Supervised } from './supervisor';

export interface KillRecord {
  atMs: number;
  name: string;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Kills every component with SIGKILL, in rounds: each round visits all of them in a random order,
 * a random pause apart, so each dies several times and at moments nobody chose. Runs until
 * `stop()` once at least `minRounds` rounds are done, or until `maxRounds` are (`finished` says when).
 */
export class Killer {
  readonly kills: KillRecord[] = [];
  private stopRequested = false;
  readonly finished: Promise<void>;
  private roundsDone = 0;

  constructor(
    components: Supervised[],
    private readonly options: { minRounds: number; maxRounds?: number; pauseMs: [number, number] },
  ) {
    this.finished = this.run(components);
  }

  /** Asks it to stop; it stops at once if the minimum is done, else after it. */
  stop(): void {
    this.stopRequested = true;
  }

  get rounds(): number {
    return this.roundsDone;
  }

  private async run(components: Supervised[]): Promise<void> {
    const started = Date.now();
    const [min, max] = this.options.pauseMs;
    for (;;) {
      const order = [...components].sort(() => Math.random() - 0.5);
      for (const component of order) {
        await sleep(min + Math.random() * (max - min));
        if (this.stopRequested && this.roundsDone >= this.options.minRounds) return;
        component.kill();
        this.kills.push({ atMs: Date.now() - started, name: component.stats.name });
      }
      this.roundsDone += 1;
      if (this.stopRequested && this.roundsDone >= this.options.minRounds) return;
      if (this.options.maxRounds !== undefined && this.roundsDone >= this.options.maxRounds) return;
    }
  }
}
