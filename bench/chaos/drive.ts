import { PatientClient, type RetryStats } from './client';
import { registerByFirstPurchase, registerBySignup, type Registration } from './registrations';

export interface DriveResult {
  registrations: Registration[];
  /** Registrations the client gave up on, with why. */
  failures: Array<{ index: number; error: string }>;
  http: RetryStats;
  elapsedMs: number;
}

/** `n` registrations, every other one a first purchase, `concurrency` at a time, each retried until it completes. */
export async function driveRegistrations(options: { apiUrl: string; orderSecret: string; n: number; concurrency: number; runId: string; deadlineMs: number }): Promise<DriveResult> {
  const started = Date.now();
  const client = new PatientClient(options.apiUrl, options.deadlineMs);
  const registrations: Registration[] = Array.from({ length: options.n }, (_, index) => ({
    index,
    journey: index % 2 ? 'first-purchase' : 'signup',
    email: `chaos-${options.runId}-${index}@example.it`,
  }));
  const failures: DriveResult['failures'] = [];
  let next = 0;
  const lane = async () => {
    while (next < registrations.length) {
      const registration = registrations[next++]!;
      try {
        if (registration.journey === 'signup') await registerBySignup(client, registration);
        else await registerByFirstPurchase(client, registration, options.orderSecret);
      } catch (error) {
        failures.push({ index: registration.index, error: (error as Error).message });
      }
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, lane));
  return { registrations, failures, http: client.stats, elapsedMs: Date.now() - started };
}
