import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { freePort, startProcess, type ManagedProcess } from './process';
import { SEARCH_ATTRIBUTE_KEYS } from '../contracts/search-attributes';
import type { Tools } from './tools';

export interface RunningServer {
  /** How the application reaches it, in the form its config key expects. */
  address: string;
  process: ManagedProcess;
}

/** Redis's arguments: no persistence, or, with `aofDir`, an append-only file synced every second (as in compose). */
export function redisArgs(port: number, aofDir?: string): string[] {
  const persistence = aofDir ? ['--appendonly', 'yes', '--appendfsync', 'everysec', '--dir', aofDir] : ['--appendonly', 'no'];
  return ['--port', String(port), '--bind', '127.0.0.1', '--save', '', ...persistence];
}

/** Redis with no persistence: queues and sessions of a local run or a test run. */
export async function startRedis(tools: Tools, logDir: string, port?: number): Promise<RunningServer> {
  const p = port ?? (await freePort());
  const process = await startProcess({
    name: 'redis',
    command: tools.redisServer,
    args: redisArgs(p),
    readyPort: p,
    logDir,
  });
  return { address: `redis://127.0.0.1:${p}`, process };
}

/**
 * FerretDB's environment: Go's collector at GOGC=400 instead of 100. Its writes allocate much
 * (JSON in and out of SQLite); the heap grows by ~15 MiB and each write costs ~15–25 % less CPU
 * (docs/benchmarks.md, bench:email).
 */
export const FERRETDB_ENV = { GOGC: '400' } as const;

/** FerretDB on its embedded SQLite backend, data in `dataDir`. */
export async function startFerretDb(tools: Tools, dataDir: string, logDir: string, port?: number): Promise<RunningServer> {
  const p = port ?? (await freePort());
  mkdirSync(dataDir, { recursive: true });
  const process = await startProcess({
    name: 'ferretdb',
    command: tools.ferretdb,
    args: ferretDbArgs(p, dataDir),
    env: { ...globalThis.process.env, ...FERRETDB_ENV },
    readyPort: p,
    logDir,
  });
  return { address: `mongodb://127.0.0.1:${p}/anagrafica`, process };
}

export function ferretDbArgs(port: number, dataDir: string): string[] {
  return [
    '--handler=sqlite',
    // WAL (FerretDB's default) with synchronous=normal: a process crash loses nothing, only an
    // operating-system crash can lose the last commits; no fsync per commit. The WAL is copied back
    // into the database every 10,000 pages (about 40 MB) instead of 1,000: the outbox and the
    // logins rewrite the same pages many times over, and each checkpoint copies a page once
    // (about 10% less FerretDB CPU per e-mail: docs/benchmarks.md).
    `--sqlite-url=file:${dataDir}/?_pragma=synchronous(normal)&_pragma=wal_autocheckpoint(10000)`,
    `--state-dir=${dataDir}`,
    `--listen-addr=127.0.0.1:${port}`,
    '--debug-addr=-',
    '--telemetry=disable',
    '--log-level=warn',
  ];
}

export interface TemporalOptions {
  port?: number;
  /** Serve the Web UI on this port; omitted: headless. */
  uiPort?: number;
  /** Keep state in this SQLite file; omitted: in memory. */
  dbFile?: string;
  /** Where the UI finds the codec endpoint that decrypts payloads. */
  uiCodecEndpoint?: string;
}

/** The Temporal dev server (`temporal server start-dev`). */
export async function startTemporal(tools: Tools, logDir: string, options: TemporalOptions = {}): Promise<RunningServer> {
  const p = options.port ?? (await freePort());
  const args = temporalArgs(p, await freePort(), await freePort(), options);
  if (options.dbFile) mkdirSync(path.dirname(options.dbFile), { recursive: true });
  const process = await startProcess({ name: 'temporal', command: tools.temporal, args, readyPort: p, logDir });
  return { address: `127.0.0.1:${p}`, process };
}

/** `temporal server start-dev`'s arguments. */
export function temporalArgs(port: number, httpPort: number, metricsPort: number, options: Omit<TemporalOptions, 'port'> = {}): string[] {
  const args = ['server', 'start-dev', '--ip', '127.0.0.1', '--port', String(port), '--log-level', 'warn'];
  args.push('--http-port', String(httpPort), '--metrics-port', String(metricsPort));
  // The search attributes operators find runs by (contracts/search-attributes.ts).
  for (const key of SEARCH_ATTRIBUTE_KEYS) args.push('--search-attribute', `${key.name}=Keyword`);
  if (options.uiPort) {
    args.push('--ui-port', String(options.uiPort), '--ui-ip', '127.0.0.1');
    if (options.uiCodecEndpoint) args.push('--ui-codec-endpoint', options.uiCodecEndpoint);
  } else {
    args.push('--headless');
  }
  if (options.dbFile) {
    // WAL with synchronous=normal: nothing is lost when a process crashes (only the last transactions
    // if the operating system itself crashes), at a fraction of the cost of a sync per commit.
    args.push('--db-filename', options.dbFile, '--sqlite-pragma', 'journal_mode=wal', '--sqlite-pragma', 'synchronous=normal');
  }
  return args;
}
