import { ConfigError, loadConfig } from '../../config';

const DEV = { NODE_ENV: 'development' };

describe('configuration', () => {
  it('has a working default for every key, for local use', () => {
    const config = loadConfig(DEV);
    expect(config).toMatchObject({
      PORT: 3000,
      MONGODB_URI: 'mongodb://127.0.0.1:27017/anagrafica',
      REDIS_URL: 'redis://127.0.0.1:6379',
      TEMPORAL_ADDRESS: '127.0.0.1:7233',
      TEMPORAL_NAMESPACE: 'default',
      TEMPORAL_TASK_QUEUE: 'anagrafica',
      SMTP_URL: 'smtp://127.0.0.1:1025',
      USERNAME_DOMAIN: 'aruba.it',
      PUBLIC_BASE_URL: 'http://localhost:3000',
    });
    expect(Buffer.from(config.PAYLOAD_ENCRYPTION_KEY, 'base64')).toHaveLength(32);
  });

  it('reads values from the environment, numbers coerced', () => {
    const config = loadConfig({ ...DEV, PORT: '8080', USERNAME_DOMAIN: 'example.com', EMAIL_CONCURRENCY: '25' });
    expect(config).toMatchObject({ PORT: 8080, USERNAME_DOMAIN: 'example.com', EMAIL_CONCURRENCY: 25 });
  });

  it.each([
    ['PORT', 'eighty'],
    ['PORT', '70000'],
    ['MONGODB_URI', 'http://localhost:27017'],
    ['REDIS_URL', 'localhost:6379'],
    ['TEMPORAL_ADDRESS', 'http://localhost:7233'],
    ['SMTP_URL', 'mail.example.com'],
    ['MAIL_FROM', 'not an address'],
    ['USERNAME_DOMAIN', 'Aruba'],
    ['PUBLIC_BASE_URL', 'ftp://x'],
    ['ORDER_WEBHOOK_SECRET', 'short'],
    ['PAYLOAD_ENCRYPTION_KEY', Buffer.alloc(16).toString('base64')],
    ['NODE_ENV', 'staging'],
    ['TRUST_PROXY', 'yes'],
    ['TRUST_PROXY', '10.0.0.0/33'],
    ['TRUST_PROXY', '10.0.0.1,balancer.local'],
  ])('refuses a malformed %s (%s) with a message naming it', (name, value) => {
    expect(() => loadConfig({ ...DEV, [name]: value })).toThrow(ConfigError);
    expect(() => loadConfig({ ...DEV, [name]: value })).toThrow(new RegExp(`^Invalid configuration:\\n  - ${name}: `));
  });

  it('names every bad variable at once', () => {
    try {
      loadConfig({ ...DEV, PORT: 'x', REDIS_URL: 'y' });
      throw new Error('expected a ConfigError');
    } catch (error) {
      expect((error as ConfigError).problems.map((p) => p.split(':')[0])).toEqual(['PORT', 'REDIS_URL']);
    }
  });

  const secrets = {
    ORDER_WEBHOOK_SECRET: 'a'.repeat(32),
    OPERATOR_TOKEN: 'b'.repeat(32),
    SESSION_SECRET: 'c'.repeat(32),
    PAYLOAD_ENCRYPTION_KEY: Buffer.alloc(32, 7).toString('base64'),
  };

  it.each([{}, { NODE_ENV: 'production' }, { NODE_ENV: 'test' }])('outside development (%j), refuses to run on the development secrets, naming each', (env) => {
    try {
      loadConfig(env);
      throw new Error('expected a ConfigError');
    } catch (error) {
      expect((error as ConfigError).problems.map((p) => p.split(':')[0])).toEqual(['ORDER_WEBHOOK_SECRET', 'OPERATOR_TOKEN', 'SESSION_SECRET', 'PAYLOAD_ENCRYPTION_KEY']);
      expect((error as ConfigError).problems[0]).toMatch(/only NODE_ENV=development accepts it/);
    }
    // One development value left, even typed in explicitly, is still refused.
    const { OPERATOR_TOKEN: _kept, ...others } = secrets;
    expect(() => loadConfig({ ...env, ...others, OPERATOR_TOKEN: loadConfig(DEV).OPERATOR_TOKEN })).toThrow(/^Invalid configuration:\n {2}- OPERATOR_TOKEN: must be set/);
  });

  it('an unset NODE_ENV is production; with its own secrets it starts', () => {
    expect(loadConfig(secrets).NODE_ENV).toBe('production');
    expect(loadConfig({ NODE_ENV: 'production', ...secrets }).NODE_ENV).toBe('production');
  });

  it.each([
    [undefined, 0],
    ['0', 0],
    ['2', 2],
    ['10.0.0.1', ['10.0.0.1']],
    ['10.0.0.0/8, 192.168.1.5,fd00::/8', ['10.0.0.0/8', '192.168.1.5', 'fd00::/8']],
    ['loopback', ['loopback']],
  ])('TRUST_PROXY %s is %j for Express (default: trust nothing)', (value, expected) => {
    expect(loadConfig({ ...DEV, TRUST_PROXY: value }).TRUST_PROXY).toEqual(expected);
    // Child processes get the config back as strings (test/support/worker-process.ts): it reads the same.
    expect(loadConfig({ ...DEV, TRUST_PROXY: String(loadConfig({ ...DEV, TRUST_PROXY: value }).TRUST_PROXY) }).TRUST_PROXY).toEqual(expected);
  });
});
