import net from 'node:net';
import { cpuMsOf, memoryOf, pidListeningOn, UsageMeter } from '../../../bench/registration/process-stats';

describe("the benchmark's reading of /proc", () => {
  it('counts the CPU a process spends, as Node itself counts it, and its resident memory', () => {
    const before = cpuMsOf(process.pid);
    const usage = process.cpuUsage();
    const spentMs = () => {
      const { user, system } = process.cpuUsage(usage);
      return (user + system) / 1000;
    };
    while (spentMs() < 200); // busy for 200 ms of CPU, however loaded the machine
    const spent = spentMs();
    // /proc counts in clock ticks (10 ms): the two agree to a few ticks.
    expect(Math.abs(cpuMsOf(process.pid) - before - spent)).toBeLessThan(50);
    const { rss, peak } = memoryOf(process.pid);
    expect(rss).toBeGreaterThan(10 * 2 ** 20);
    expect(peak).toBeGreaterThanOrEqual(rss);
  });

  it('finds the process listening on a port, and nothing on a closed one', async () => {
    const server = net.createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as net.AddressInfo;
    expect(pidListeningOn(port)).toBe(process.pid);
    await new Promise((resolve) => server.close(resolve));
    expect(pidListeningOn(port)).toBeUndefined();
  });

  it('a meter reports the CPU of its window only, and names a process that exited', () => {
    const meter = new UsageMeter([{ name: 'this test', pid: process.pid }]);
    meter.start();
    const [window] = meter.stop();
    expect(window).toMatchObject({ name: 'this test', pid: process.pid });
    expect(window!.cpuMs).toBeLessThan(100);
    expect(window!.peakRss).toBeGreaterThan(0);

    const gone = new UsageMeter([{ name: 'gone', pid: 2 ** 22 + 1 }]);
    expect(() => gone.start()).toThrow();
  });
});
