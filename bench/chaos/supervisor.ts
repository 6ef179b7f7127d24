import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import path from 'node:path';

export interface ComponentSpec {
  name: string;
  command: string;
  args: string[];
  env: NodeJS.ProcessEnv;
}

export interface ComponentStats {
  name: string;
  starts: number;
  kills: number;
  /** Exits nobody asked for (a process that crashed on its own, e.g. started while a dependency was down). */
  ownExits: number;
}

const RESTART_DELAY_MS = 250;

/**
 * One process kept running on its own data: whenever it exits (killed or not), it is started
 * again with the same command, ports and directories, until the supervisor stops it.
 */
export class Supervised {
  readonly stats: ComponentStats;
  private child?: ChildProcess;
  private stopping = false;
  private killedByUs = false;
  private readonly log: NodeJS.WritableStream;

  constructor(
    private readonly spec: ComponentSpec,
    logDir: string,
  ) {
    mkdirSync(logDir, { recursive: true });
    this.log = createWriteStream(path.join(logDir, `${spec.name}.log`), { flags: 'a' });
    this.stats = { name: spec.name, starts: 0, kills: 0, ownExits: 0 };
  }

  start(): void {
    this.stats.starts += 1;
    const child = spawn(this.spec.command, this.spec.args, { env: this.spec.env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    child.stdout?.pipe(this.log, { end: false });
    child.stderr?.pipe(this.log, { end: false });
    child.once('exit', (code, signal) => {
      this.log.write(`--- ${this.spec.name} exited (${signal ?? code})\n`);
      if (!this.killedByUs) this.stats.ownExits += 1;
      this.killedByUs = false;
      if (!this.stopping) setTimeout(() => !this.stopping && this.start(), RESTART_DELAY_MS);
    });
    this.child = child;
  }

  /** SIGKILL, as a crash would: no handler runs. The supervisor starts it again. */
  kill(): void {
    if (!this.child || this.child.exitCode !== null || this.child.signalCode !== null) return;
    this.stats.kills += 1;
    this.killedByUs = true;
    this.child.kill('SIGKILL');
  }

  /** Stops for good: SIGTERM, then SIGKILL after `graceMs`. */
  async stop(graceMs = 5000): Promise<void> {
    this.stopping = true;
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGTERM');
    const killer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    await exited;
    clearTimeout(killer);
  }
}
