import { parseOptions } from '../../../bench/registration/options';

describe('bench:registration command line', () => {
  it('defaults to 200 registrations at concurrency 16 on an empty store, then 100 at half the rate', () => {
    expect(parseOptions([])).toEqual({ n: 200, concurrency: 16, warmup: 200, existing: 0, halfRate: 100, json: false });
  });

  it('reads every flag', () => {
    expect(parseOptions(['--n', '30', '--concurrency', '4', '--warmup', '0', '--existing', '50000', '--half-rate', '0', '--open-signups', '2000', '--json'])).toEqual({
      n: 30,
      concurrency: 4,
      warmup: 0,
      existing: 50_000,
      halfRate: 0,
      openSignups: 2000,
      json: true,
    });
  });

  it.each([[['--n', '0']], [['--n', 'x']], [['--concurrency']], [['--fast']]])('refuses %j, saying how to call it', (argv) => {
    expect(() => parseOptions(argv)).toThrow(/usage: /);
  });
});
