import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';

export interface ManagedProcess {
  name: string;
  child: ChildProcess;
  /** SIGTERM, then SIGKILL if it has not exited in time. */
  stop(): Promise<void>;
}

export interface StartOptions {
  name: string;
  command: string;
  args: string[];
  /** The process is ready when this TCP port accepts connections. */
  readyPort: number;
  /** Where stdout and stderr go: `<logDir>/<name>.log`. */
  logDir: string;
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  readyTimeoutMs?: number;
}

const running = new Set<ChildProcess>();
// Detached servers would outlive a crashed parent: take them down with it.
process.on('exit', () => running.forEach((child) => child.kill('SIGKILL')));

/** Asks the OS for a free TCP port on loopback. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export function canConnect(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** Starts a server process and resolves once its port answers; rejects (and kills it) if it dies or times out. */
export async function startProcess(options: StartOptions): Promise<ManagedProcess> {
  mkdirSync(options.logDir, { recursive: true });
  const log = createWriteStream(path.join(options.logDir, `${options.name}.log`), { flags: 'a' });
  const child = spawn(options.command, options.args, {
    cwd: options.cwd,
    env: options.env ?? process.env,
    stdio: ['ignore', 'pipe', 'pipe'],
    // Its own process group: a Ctrl-C reaches the apps, and the servers stop after them, in order.
    detached: true,
  });
  running.add(child);
  child.once('exit', () => running.delete(child));
  child.stdout?.pipe(log);
  child.stderr?.pipe(log);

  let exited = false;
  const exit = new Promise<void>((resolve) => child.once('exit', () => { exited = true; resolve(); }));
  const managed: ManagedProcess = {
    name: options.name,
    child,
    async stop() {
      if (exited) return;
      child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exit;
      clearTimeout(killer);
    },
  };

  const deadline = Date.now() + (options.readyTimeoutMs ?? 60_000);
  while (!(await canConnect(options.readyPort))) {
    if (exited) throw new Error(`${options.name} exited before listening on :${options.readyPort} (see ${options.logDir}/${options.name}.log)`);
    if (Date.now() > deadline) {
      await managed.stop();
      throw new Error(`${options.name} did not listen on :${options.readyPort} in time (see ${options.logDir}/${options.name}.log)`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return managed;
}
