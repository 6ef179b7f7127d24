import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Worker } from '@temporalio/worker';
import { quietTemporalRuntime, workflowBundle } from '../support/temporal';

/**
 * Histories recorded from finished runs (`RECORD_HISTORIES=1 npx jest test/workflows`) replay
 * against today's workflow code without a determinism error. A change that breaks this needs
 * workflow versioning (`patched`), not a new recording.
 */
describe('workflow replay of recorded histories', () => {
  const dir = path.join(__dirname, 'histories');
  const files = readdirSync(dir).filter((f) => f.endsWith('.json'));

  it('has a recorded history of every finished path', () => {
    expect(files.sort()).toEqual([
      'additional-login-completed.json',
      'additional-login-expired.json',
      'correction-approved.json',
      'correction-expired.json',
      'correction-rejected.json',
      'correction-signalled.json',
      'first-purchase-associated-local-writes.json',
      'first-purchase-associated-one-write.json',
      'first-purchase-associated-step-at-start.json',
      'first-purchase-associated.json',
      'first-purchase-expired-local-writes.json',
      'first-purchase-expired-one-write.json',
      'first-purchase-expired-step-at-start.json',
      'first-purchase-expired.json',
      'first-purchase-registered-local-writes.json',
      'first-purchase-registered-one-write.json',
      'first-purchase-registered-step-at-start.json',
      'first-purchase-registered.json',
      // Four eras of the registration flows: recorded before their writes became local activities
      // and before the Step search attribute; `-local-writes`, after both, with the Step patch asked
      // after the form's local activities; `-step-at-start`, with it asked when the run starts;
      // `-one-write`, with each step's store writes in one local activity.
      'signup-completed-local-writes.json',
      'signup-completed-one-write.json',
      'signup-completed-step-at-start.json',
      'signup-completed.json',
      'signup-expired-local-writes.json',
      'signup-expired-one-write.json',
      'signup-expired-step-at-start.json',
      'signup-expired.json',
    ]);
  });

  it.each(files)('replays %s', async (file) => {
    quietTemporalRuntime();
    const history = JSON.parse(readFileSync(path.join(dir, file), 'utf8'));
    await Worker.runReplayHistory({ workflowBundle: workflowBundle() }, history, `replay-${file}`);
  });
});
