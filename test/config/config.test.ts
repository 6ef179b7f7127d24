import { ConfigError, loadConfig } from '../../config';

describe('configuration', () => {
  it('has a working default for every key, for local use', () => {
    const config = loadConfig({});
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
    const config = loadConfig({ PORT: '8080', USERNAME_DOMAIN: 'example.com', EMAIL_CONCURRENCY: '25' });
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
  ])('refuses a malformed %s (%s) with a message naming it', (name, value) => {
    expect(() => loadConfig({ [name]: value })).toThrow(ConfigError);
    expect(() => loadConfig({ [name]: value })).toThrow(new RegExp(`^Invalid configuration:\\n  - ${name}: `));
  });

  it('names every bad variable at once', () => {
    try {
      loadConfig({ PORT: 'x', REDIS_URL: 'y' });
      throw new Error('expected a ConfigError');
    } catch (error) {
      expect((error as ConfigError).problems.map((p) => p.split(':')[0])).toEqual(['PORT', 'REDIS_URL']);
    }
  });

  it('in production, refuses to run on the development secrets', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/OPERATOR_TOKEN: must be set in production/);
    const secrets = {
      ORDER_WEBHOOK_SECRET: 'a'.repeat(32),
      OPERATOR_TOKEN: 'b'.repeat(32),
      SESSION_SECRET: 'c'.repeat(32),
      PAYLOAD_ENCRYPTION_KEY: Buffer.alloc(32, 7).toString('base64'),
    };
    expect(loadConfig({ NODE_ENV: 'production', ...secrets }).NODE_ENV).toBe('production');
  });
});
