export interface ChaosOptions {
  /** Registrations, half standalone signups and half first purchases. @defaultValue 300 (40 with --short) */
  n: number;
  /** Registrations in flight at once. @defaultValue 8 (4 with --short) */
  concurrency: number;
  /** Rounds of kills (each kills all six processes once) at least. @defaultValue 3 (2 with --short) */
  minRounds: number;
  /**
   * Rounds after which the killing stops even if registrations are still running, so the slowest
   * ones then finish in calm and their end state is checked; none: kill until the drive ends.
   * @defaultValue none (4 with --short)
   */
  maxRounds?: number;
  /** Random pause between two kills, ms. @defaultValue [1500, 4000] ([800, 2000] with --short) */
  pauseMs: [number, number];
  /** After the last kill: how long everything may take to settle. @defaultValue 120000 (45000 with --short) */
  settleMs: number;
  json: boolean;
}

const USAGE = 'usage: npm run chaos -- [--short] [--n N] [--concurrency C] [--rounds R] [--json]';

export function parseChaosOptions(argv: string[]): ChaosOptions {
  const short = argv.includes('--short');
  const options: ChaosOptions = short
    ? { n: 40, concurrency: 4, minRounds: 2, maxRounds: 4, pauseMs: [800, 2000], settleMs: 45_000, json: false }
    : { n: 300, concurrency: 8, minRounds: 3, pauseMs: [1500, 4000], settleMs: 120_000, json: false };
  const number = (flag: string, value: string | undefined) => {
    const parsed = Number(value);
    if (!Number.isInteger(parsed) || parsed < 1) throw new Error(`${flag} needs a positive integer\n${USAGE}`);
    return parsed;
  };
  for (let i = 0; i < argv.length; i += 1) {
    const flag = argv[i]!;
    if (flag === '--short') continue;
    else if (flag === '--json') options.json = true;
    else if (flag === '--n') options.n = number(flag, argv[++i]);
    else if (flag === '--concurrency') options.concurrency = number(flag, argv[++i]);
    else if (flag === '--rounds') options.minRounds = number(flag, argv[++i]);
    else throw new Error(`unknown option ${flag}\n${USAGE}`);
  }
  if (options.maxRounds !== undefined) options.maxRounds = Math.max(options.maxRounds, options.minRounds);
  return options;
}
