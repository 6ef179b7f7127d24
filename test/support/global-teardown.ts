import { rmSync } from 'node:fs';

export default async function globalTeardown(): Promise<void> {
  const stack = globalThis.__anagraficaStack;
  if (!stack) return;
  await Promise.all(stack.processes.map((p) => p.stop()));
  if (process.env.KEEP_TEST_LOGS !== '1') rmSync(stack.root, { recursive: true, force: true });
}
