/** Small helpers every benchmark here shares: percentiles, rounding, a pool of parallel callers. */

/** Nearest-rank percentile of ascending values. */
export function percentile(sorted: number[], p: number): number {
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
}

export const round = (value: number, digits: number): number => Number(value.toFixed(digits));

/** `parallel` callers share the indexes 0..count-1, as that many clients (or workflows) would. */
export async function runPool(count: number, parallel: number, runOne: (index: number) => Promise<void>): Promise<void> {
  let next = 0;
  const caller = async () => {
    while (next < count) await runOne(next++);
  };
  await Promise.all(Array.from({ length: Math.min(parallel, count) }, caller));
}
