import { hashSecret } from '../../security/argon2';
import { runPool } from '../figures';

/** The first floor of a registration: its two argon2id hashes (secret answer, password) at the project's parameters. */

export interface Argon2Floor {
  hashesPerSecond: number;
  cpuMsPerHash: number;
  parallel: number;
}

/** `count` hashes through `security/argon2.ts`, as many at once as libuv's threadpool runs (as in the API). */
export async function measureArgon2(count: number): Promise<Argon2Floor> {
  const parallel = Number(process.env.UV_THREADPOOL_SIZE ?? 4);
  await hashSecret('warm-up'); // the threadpool and the module load, outside the figure
  const cpuBefore = process.cpuUsage();
  const started = process.hrtime.bigint();
  await runPool(count, parallel, async (i) => {
    await hashSecret(`Tramonto-Sul-Lago-${i}`);
  });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const cpu = process.cpuUsage(cpuBefore);
  return { hashesPerSecond: count / seconds, cpuMsPerHash: (cpu.user + cpu.system) / 1000 / count, parallel };
}

/** Two measurements of one run (before and after the registrations) as one: the mean of each figure. */
export function meanOf(before: Argon2Floor, after: Argon2Floor): Argon2Floor {
  return {
    hashesPerSecond: (before.hashesPerSecond + after.hashesPerSecond) / 2,
    cpuMsPerHash: (before.cpuMsPerHash + after.cpuMsPerHash) / 2,
    parallel: before.parallel,
  };
}
