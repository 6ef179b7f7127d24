import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../../config/paths';

interface ChaosFigures {
  n: number;
  killRounds: number;
  processes: Array<{ name: string; kills: number }>;
  checks: Array<{ name: string; ok: boolean; detail: string }>;
}

/** `npm run chaos -- --short` from the build: its own servers, every one killed at least twice. */
describe('npm run chaos --short', () => {
  it('40 registrations while every process is killed: nothing lost, nothing doubled outside the SMTP window', async () => {
    const script = path.join(projectRoot, 'dist', 'bench', 'chaos.js');
    if (!existsSync(script)) throw new Error(`${script} is missing: build first (npm test builds it)`);
    const child = spawn(process.execPath, [script, '--short', '--json'], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.once('exit', (c) => resolve(c)));
    const figures = JSON.parse(out) as ChaosFigures;

    expect(figures.checks.filter((c) => !c.ok)).toEqual([]);
    expect(code).toBe(0);
    expect(figures.n).toBe(40);
    expect(figures.processes.map((p) => p.name).sort()).toEqual(['api', 'email-worker', 'ferretdb', 'redis', 'temporal', 'temporal-worker']);
    for (const p of figures.processes) expect(p.kills).toBeGreaterThanOrEqual(2);
  }, 300_000); // catches a hang; 30–80 s on this machine, longer when it is shared
});
