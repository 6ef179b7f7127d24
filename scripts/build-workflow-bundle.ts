import { buildWorkflowBundle, isWorkflowBundleFresh, workflowBundlePath } from '../temporal/workflow-bundle';

/** Build step (scripts/install.sh): bundles the workflows once, when their sources changed. */
async function main(): Promise<void> {
  if (isWorkflowBundleFresh()) return;
  const bytes = await buildWorkflowBundle();
  console.log(`workflow bundle: ${workflowBundlePath} (${(bytes / 1024).toFixed(0)} KiB)`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
