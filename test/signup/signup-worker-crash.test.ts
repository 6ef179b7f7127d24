import type { ChildProcess } from 'node:child_process';
import { personForm } from '../support/registration-samples';
import { testServers } from '../support/stack';
import { SystemHarness } from '../support/system-harness';
import { exited, spawnWorkerProcess } from '../support/worker-process';
const PASSWORD = 'Tramonto-Sul-Lago-42';

describe('the Temporal worker killed in the middle of a signup', () => {
  // Its own Redis database: the worker process uses BullMQ's default key prefix.
  const system = new SystemHarness({ prefix: 'bull' });
  const children: ChildProcess[] = [];

  function spawnWorker(): ChildProcess {
    const child = spawnWorkerProcess('temporal-worker', system.config);
    children.push(child);
    return child;
  }

  beforeAll(async () => {
    const redisDb2 = new URL(testServers.redisUrl);
    redisDb2.pathname = '/2';
    await system.startSystem({ temporalWorker: false, overrides: { REDIS_URL: redisDb2.toString() } });
    await system.queue.obliterate({ force: true });
  }, 60_000);
  afterAll(async () => {
    children.forEach((child) => child.kill('SIGKILL'));
    await system.stop();
  });

  it('completes after a restart with one profile, one login and one e-mail', async () => {
    const first = spawnWorker();
    const submitted = await system.request('POST', '/api/v1/signups', personForm);
    expect(submitted.status).toBe(201);
    const { signupId, username } = submitted.body;

    first.kill('SIGKILL');
    await exited(first);
    // The password arrives while no worker runs: the Update waits for one.
    const password = system.request('POST', `/api/v1/signups/${signupId}/password`, { password: PASSWORD, passwordConfirmation: PASSWORD });
    await new Promise((resolve) => setTimeout(resolve, 500));
    spawnWorker();

    expect(await password).toEqual({ status: 200, body: { username, step: 'completed' } });
    await system.sink.waitForMessages(1, 30_000);
    await system.drained(30_000);

    const login = await system.logins.findById(username).lean();
    expect(login).toMatchObject({ status: 'active' });
    expect(await system.logins.countDocuments({ profileId: login!.profileId })).toBe(1);
    expect(await system.profiles.countDocuments()).toBe(1);
    expect(system.sink.messages).toHaveLength(1);
    expect(system.sink.messages[0]!.parsed.text).toContain(username);
  }, 120_000);
});
