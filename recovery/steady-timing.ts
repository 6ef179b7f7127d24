import { setTimeout as sleep } from 'node:timers/promises';

/** Runs `work` and settles no sooner than `floorMs` after it began, whether it returned or threw. */
export async function noSoonerThan<T>(floorMs: number, work: () => Promise<T>): Promise<T> {
  const startedAt = performance.now();
  try {
    return await work();
  } finally {
    const remainingMs = floorMs - (performance.now() - startedAt);
    if (remainingMs > 0) await sleep(remainingMs);
  }
}
