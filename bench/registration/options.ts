/** The command line of `npm run bench:registration -- …`. */
export interface BenchOptions {
  /** Full registrations measured. */
  n: number;
  concurrency: number;
  /** Registrations before the measurement (JIT, workflow cache, connections), not counted. V8 optimizes the hot paths after a few hundred calls: fewer measure the warm-up too. */
  warmup: number;
  /** Existing customers put in the store first. */
  existing: number;
  /** Registrations of the second phase, at half the rate measured in the first (0: no second phase). @defaultValue n / 2 */
  halfRate: number;
  /** When set: only open this many signups (form, no password) and report the Temporal worker's memory. */
  openSignups?: number;
  json: boolean;
}

const USAGE = 'usage: [--n N] [--concurrency C] [--warmup W] [--existing K] [--half-rate H] [--open-signups M] [--json]';
const FLAGS = { '--n': 'n', '--concurrency': 'concurrency', '--warmup': 'warmup', '--existing': 'existing', '--half-rate': 'halfRate', '--open-signups': 'openSignups' } as const;

export function parseOptions(argv: string[]): BenchOptions {
  const options: BenchOptions = { n: 200, concurrency: 16, warmup: 200, existing: 0, halfRate: -1, json: false };
  for (let i = 0; i < argv.length; i += 1) {
    const flag = argv[i]!;
    if (flag === '--json') {
      options.json = true;
      continue;
    }
    const key = FLAGS[flag as keyof typeof FLAGS];
    if (!key) throw new Error(`unknown option ${flag}; ${USAGE}`);
    const value = Number(argv[(i += 1)]);
    const least = key === 'warmup' || key === 'existing' || key === 'halfRate' ? 0 : 1;
    if (!Number.isInteger(value) || value < least) throw new Error(`${flag} needs an integer ≥ ${least}; ${USAGE}`);
    options[key] = value;
  }
  if (options.halfRate < 0) options.halfRate = Math.ceil(options.n / 2);
  return options;
}
