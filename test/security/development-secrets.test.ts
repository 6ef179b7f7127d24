import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../../config/paths';

/** Runs a built entry point with only the given environment; resolves with its exit code and stderr. */
function run(script: string, env: Record<string, string>): Promise<{ code: number | null; stderr: string }> {
  const file = path.join(projectRoot, 'dist', script);
  if (!existsSync(file)) throw new Error(`${file} is missing: build first (npx tsc -p tsconfig.build.json, done by npm test)`);
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [file], { env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('exit', (code) => resolve({ code, stderr }));
  });
}

describe('the development secrets outside development', () => {
  it.each(['api/server.js', 'workers/temporal-worker.js', 'workers/email-worker.js'])(
    '%s with NODE_ENV unset refuses to start (exit 78), naming each secret left at its development value',
    async (script) => {
      const { code, stderr } = await run(script, { LOG_LEVEL: 'silent', OPERATOR_TOKEN: 'an-operator-token-of-our-own-0123' });
      expect(code).toBe(78);
      for (const name of ['ORDER_WEBHOOK_SECRET', 'SESSION_SECRET', 'PAYLOAD_ENCRYPTION_KEY']) expect(stderr).toContain(`${name}: must be set`);
      expect(stderr).not.toContain('OPERATOR_TOKEN');
    },
  );
});
