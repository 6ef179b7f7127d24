import { randomUUID } from 'node:crypto';
import { loadConfig, type Config } from '../../config';

/** The servers the global setup started (or the environment named). */
export const testServers = {
  get redisUrl() {
    return required('TEST_REDIS_URL');
  },
  get mongoUri() {
    return required('TEST_MONGODB_URI');
  },
  get temporalAddress() {
    return required('TEST_TEMPORAL_ADDRESS');
  },
  get temporalTestServer() {
    return required('TEST_TEMPORAL_TEST_SERVER');
  },
};

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run the tests through jest (the global setup starts the servers)`);
  return value;
}

/** A short unique name, so suites sharing one server never see each other's data. */
export const uniqueName = (prefix: string): string => `${prefix}_${randomUUID().replace(/-/g, '').slice(0, 12)}`;

/** A MongoDB URI on the shared server with a database of the suite's own. */
export function mongoUriFor(database: string): string {
  const url = new URL(testServers.mongoUri);
  url.pathname = `/${database}`;
  return url.toString();
}

/** The service's config pointed at the test servers, with the suite's own database and task queue. */
export function testConfig(overrides: Record<string, string> = {}): Config {
  return loadConfig({
    NODE_ENV: 'development',
    LOG_LEVEL: 'silent',
    MONGODB_URI: mongoUriFor(uniqueName('anagrafica')),
    REDIS_URL: testServers.redisUrl,
    TEMPORAL_ADDRESS: testServers.temporalAddress,
    TEMPORAL_TASK_QUEUE: uniqueName('tq'),
    // Every suite signs in from 127.0.0.1 on one shared Redis: the per-address limit is tested on its own.
    SIGN_IN_RATE_LIMIT_PER_MINUTE: '100000',
    // Suites pose as many clients with X-Forwarded-For from the loopback "balancer"; the default
    // (trust none) is tested with TRUST_PROXY: '' (test/security/proxies-and-cookies-http.test.ts).
    TRUST_PROXY: 'loopback',
    SIGN_IN_RATE_LIMIT_TOTAL_PER_MINUTE: '10000000',
    // Likewise for the registration steps (the 200-concurrent-signup test among them); test/security/ tests the defaults.
    SIGNUP_RATE_LIMIT_PER_MINUTE: '100000',
    SIGNUP_RATE_LIMIT_TOTAL_PER_MINUTE: '10000000',
    ...overrides,
  });
}
