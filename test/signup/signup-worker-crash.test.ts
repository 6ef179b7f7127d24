import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../../config/paths';
import { personForm } from '../support/registration-samples';
import { testServers } from '../support/stack';
import { SystemHarness } from '../support/system-harness';

const workerScript = path.join(projectRoot, 'dist', 'workers', 'temporal-worker.js');
const PASSWORD = 'Tramonto-Sul-Lago-42';

describe('the Temporal worker killed in the middle of a signup', () => {
  // Its own Redis database: the worker process uses BullMQ's default key prefix.
  const system = new SystemHarness({ prefix: 'bull' });
  const children: ChildProcess[] = [];

  function spawnWorker(): ChildProcess {
    const c = system.config;
    const child = spawn(process.execPath, [workerScript], {
      env: {
        PATH: process.env.PATH,
        NODE_ENV: 'test',
        LOG_LEVEL: 'warn',
        MONGODB_URI: c.MONGODB_URI,
        REDIS_URL: c.REDIS_URL,
        TEMPORAL_ADDRESS: c.TEMPORAL_ADDRESS,
        TEMPORAL_TASK_QUEUE: c.TEMPORAL_TASK_QUEUE,
        PAYLOAD_ENCRYPTION_KEY: c.PAYLOAD_ENCRYPTION_KEY,
      },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    children.push(child);
    return child;
  }

  beforeAll(async () => {
    if (!existsSync(workerScript)) throw new Error(`${workerScript} is missing: build first (npm test does)`);
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
    await new Promise((resolve) => first.once('exit', resolve));
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
