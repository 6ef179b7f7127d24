/** The command line of `npm run bench:registration -- …`. */
export interface BenchOptions {
  /** Full registrations measured. */
  n: number;
  concurrency: number;
  /** Registrations before the measurement (JIT, workflow cache, connections), not counted. */
  warmup: number;
  /** Existing customers put in the store first. */
  existing: number;
  /** When set: only open this many signups (form, no password) and report the Temporal worker's memory. */
  openSignups?: number;
  json: boolean;
}

const USAGE = 'usage: [--n N] [--concurrency C] [--warmup W] [--existing K] [--open-signups M] [--json]';
const FLAGS = { '--n': 'n', '--concurrency': 'concurrency', '--warmup': 'warmup', '--existing': 'existing', '--open-signups': 'openSignups' } as const;

export function parseOptions(argv: string[]): BenchOptions {
  const options: BenchOptions = { n: 200, concurrency: 16, warmup: 16, existing: 0, json: false };
  for (let i = 0; i < argv.length; i += 1) {
    const flag = argv[i]!;
    if (flag === '--json') {
      options.json = true;
      continue;
    }
    const key = FLAGS[flag as keyof typeof FLAGS];
    if (!key) throw new Error(`unknown option ${flag}; ${USAGE}`);
    const value = Number(argv[(i += 1)]);
    const least = key === 'warmup' || key === 'existing' ? 0 : 1;
    if (!Number.isInteger(value) || value < least) throw new Error(`${flag} needs an integer ≥ ${least}; ${USAGE}`);
    options[key] = value;
  }
  return options;
}
