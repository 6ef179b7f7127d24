import { proxyActivities } from '@temporalio/workflow';
import type { Activities } from '../../activities';
import type { PurgeReport, RetentionPolicy } from '../../contracts';
import { purgeActivityOptions } from '../activity-options';

const { purgeExpiredRecords } = proxyActivities<Activities>(purgeActivityOptions);

/** One run of the retention schedule (`temporal/retention-schedule.ts`): the policy applied once, its counts the result. */
export async function retention(policy: RetentionPolicy): Promise<PurgeReport> {
  return purgeExpiredRecords(policy);
}
