import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';

/**
 * What Linux says a process has used, from /proc: CPU time (utime + stime of every thread) and
 * resident memory (VmRSS now, VmHWM its peak since start).
 */

const CLOCK_TICKS_PER_SECOND = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100;
  } catch {
    return 100;
  }
})();

export interface WatchedProcess {
  name: string;
  pid: number;
}

/** CPU time of `pid` in ms: fields 14 and 15 of /proc/<pid>/stat, counted after the `(comm)` field. */
export function cpuMsOf(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' '); // fields[0] is field 3 (state)
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS_PER_SECOND;
}

/** VmRSS and VmHWM of `pid`, in bytes. */
export function memoryOf(pid: number): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kib = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN) * 1024;
  return { rss: kib('VmRSS'), peak: kib('VmHWM') };
}

/** The process that listens on a loopback TCP port, when it is ours to see (a server the environment names). */
export function pidListeningOn(port: number): number | undefined {
  const inodes = new Set<string>();
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let lines: string[] = [];
    try {
      lines = readFileSync(table, 'utf8').split('\n').slice(1);
    } catch {
      continue;
    }
    for (const line of lines) {
      const cols = line.trim().split(/\s+/);
      // local_address is HEX_IP:HEX_PORT; state 0A is LISTEN; column 9 is the socket's inode.
      if (cols[1]?.endsWith(`:${port.toString(16).toUpperCase().padStart(4, '0')}`) && cols[3] === '0A') inodes.add(`socket:[${cols[9]}]`);
    }
  }
  if (inodes.size === 0) return undefined;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let fds: string[];
    try {
      fds = readdirSync(`/proc/${entry}/fd`);
    } catch {
      continue; // another user's process, or gone
    }
    for (const fd of fds) {
      try {
        if (inodes.has(readlinkSync(`/proc/${entry}/fd/${fd}`))) return Number(entry);
      } catch {
        // closed meanwhile
      }
    }
  }
  return undefined;
}

export interface UsageWindow {
  name: string;
  pid: number;
  cpuMs: number;
  /** Highest VmRSS sampled in the window. */
  peakRss: number;
  /** VmRSS at the end of the window. */
  endRss: number;
  /** VmHWM at the end: the peak since the process started, start-up included. */
  lifetimePeakRss: number;
}

/**
 * CPU used by each process between `start()` and `stop()`, and its RSS sampled every
 * `sampleMs` meanwhile. A process that exits mid-window makes `stop()` throw, naming it.
 */
export class UsageMeter {
  private startCpu = new Map<number, number>();
  private peakRss = new Map<number, number>();
  private sampler?: NodeJS.Timeout;

  constructor(
    readonly processes: WatchedProcess[],
    private readonly sampleMs = 200,
  ) {}

  start(): void {
    for (const { pid } of this.processes) {
      this.startCpu.set(pid, cpuMsOf(pid));
      this.peakRss.set(pid, memoryOf(pid).rss);
    }
    this.sampler = setInterval(() => this.sample(), this.sampleMs);
    this.sampler.unref();
  }

  private sample(): void {
    for (const { pid } of this.processes) {
      try {
        this.peakRss.set(pid, Math.max(this.peakRss.get(pid) ?? 0, memoryOf(pid).rss));
      } catch {
        // it exited: stop() reports it
      }
    }
  }

  stop(): UsageWindow[] {
    clearInterval(this.sampler);
    this.sample();
    return this.processes.map(({ name, pid }) => {
      let cpu: number;
      let memory: { rss: number; peak: number };
      try {
        cpu = cpuMsOf(pid);
        memory = memoryOf(pid);
      } catch {
        throw new Error(`${name} (pid ${pid}) exited during the measurement`);
      }
      return { name, pid, cpuMs: cpu - this.startCpu.get(pid)!, peakRss: this.peakRss.get(pid)!, endRss: memory.rss, lifetimePeakRss: memory.peak };
    });
  }
}
