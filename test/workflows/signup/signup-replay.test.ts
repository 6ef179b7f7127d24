import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Worker } from '@temporalio/worker';
import { quietTemporalRuntime, workflowBundle } from '../../support/temporal';

/**
 * Histories recorded from finished signups (`RECORD_HISTORIES=1 npx jest test/workflows/signup`)
 * replay against today's workflow code without a determinism error. A change that breaks this
 * needs workflow versioning (patched), not a new recording.
 */
describe('signup workflow replay', () => {
  const dir = path.join(__dirname, 'histories');
  const files = readdirSync(dir).filter((f) => f.endsWith('.json'));

  it('has recorded histories to replay', () => {
    expect(files).toEqual(expect.arrayContaining(['completed.json', 'expired.json']));
  });

  it.each(files)('replays %s', async (file) => {
    quietTemporalRuntime();
    const history = JSON.parse(readFileSync(path.join(dir, file), 'utf8'));
    await Worker.runReplayHistory({ workflowBundle: await workflowBundle() }, history, `replay-${file}`);
  });
});
