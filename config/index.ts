import { isIP } from 'node:net';
import { z } from 'zod';

/**
 * The service's whole configuration: one schema over the environment, validated at start-up.
 * Every key has a default that works on a developer's machine, but the development secrets are
 * accepted only with `NODE_ENV=development` (which `npm start` and the tests set): an unset
 * NODE_ENV means production, so a deployment cannot run on them by accident.
 */
const DEV_SECRET = 'dev-only-change-me-0123456789abcdef';
/** 32 zero-ish bytes, base64: fine for local use, refused in production. */
const DEV_PAYLOAD_KEY = Buffer.from('anagrafica-local-dev-payload-key').toString('base64');

const url = (protocols: string[]) =>
  z.string().refine((value) => {
    try {
      return protocols.includes(new URL(value).protocol);
    } catch {
      return false;
    }
  }, `must be a URL starting with ${protocols.map((p) => `${p}//`).join(' or ')}`);

const hostPort = z
  .string()
  .regex(/^[A-Za-z0-9.-]+:\d{1,5}$/, 'must be host:port, e.g. 127.0.0.1:7233');

const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

/** Names proxy-addr knows for whole ranges (`loopback` = 127.0.0.1/8 and ::1/128, …). */
const NAMED_SUBNETS = ['loopback', 'linklocal', 'uniquelocal'];
const isProxyAddress = (entry: string): boolean => {
  if (NAMED_SUBNETS.includes(entry)) return true;
  const [address = '', bits, ...rest] = entry.split('/');
  const family = isIP(address);
  if (family === 0 || rest.length > 0) return false;
  return bits === undefined || (/^\d{1,3}$/.test(bits) && Number(bits) <= (family === 4 ? 32 : 128));
};
/** `0` (trust nothing), a hop count, or the balancers' addresses/CIDRs: what Express's `trust proxy` takes. */
const trustProxy = z
  .string()
  .trim()
  .refine((value) => /^\d{1,2}$/.test(value) || value.split(',').every((entry) => isProxyAddress(entry.trim())), {
    message: 'must be a hop count (e.g. 1) or comma-separated addresses/CIDRs of the balancers (e.g. 10.0.0.0/8,192.168.1.5)',
  })
  .transform((value): number | string[] => (/^\d+$/.test(value) ? Number(value) : value.split(',').map((entry) => entry.trim())));

const payloadKey = z.string().refine((value) => Buffer.from(value, 'base64').length === 32, {
  message: 'must be 32 bytes encoded as base64 (e.g. `openssl rand -base64 32`)',
});

export const configSchema = z.object({
  /** Only `development` accepts the development secrets; `test` is treated like production. @defaultValue production */
  NODE_ENV: z.enum(['development', 'test', 'production']).default('production'),
  /** HTTP port of the API. @defaultValue 3000 */
  PORT: int(0, 65535).default(3000),
  /** @defaultValue mongodb://127.0.0.1:27017/anagrafica */
  MONGODB_URI: url(['mongodb:', 'mongodb+srv:']).default('mongodb://127.0.0.1:27017/anagrafica'),
  /** @defaultValue redis://127.0.0.1:6379 */
  REDIS_URL: url(['redis:', 'rediss:']).default('redis://127.0.0.1:6379'),
  /** Temporal frontend, host:port. @defaultValue 127.0.0.1:7233 */
  TEMPORAL_ADDRESS: hostPort.default('127.0.0.1:7233'),
  /** @defaultValue default */
  TEMPORAL_NAMESPACE: z.string().min(1).default('default'),
  /** @defaultValue anagrafica */
  TEMPORAL_TASK_QUEUE: z.string().min(1).default('anagrafica'),
  /** Temporal Web UI, allowed to call the codec endpoint. @defaultValue http://localhost:8233 */
  TEMPORAL_UI_URL: url(['http:', 'https:']).default('http://localhost:8233'),
  /** @defaultValue smtp://127.0.0.1:1025 */
  SMTP_URL: url(['smtp:', 'smtps:']).default('smtp://127.0.0.1:1025'),
  /** Sender of every e-mail. @defaultValue "Aruba <noreply@aruba.it>" */
  MAIL_FROM: z
    .string()
    .regex(/^(.+ )?<?[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+>?$/, 'must be an address, optionally with a name: "Name <a@b.it>"')
    .default('Aruba <noreply@aruba.it>'),
  /** Domain of every username (`1234567@<domain>`). @defaultValue aruba.it */
  USERNAME_DOMAIN: z
    .string()
    .regex(/^[a-z0-9-]+(\.[a-z0-9-]+)+$/, 'must be a lowercase domain name, e.g. aruba.it')
    .default('aruba.it'),
  /** Base of the links in e-mails and of `registrationUrl`. @defaultValue http://localhost:3000 */
  PUBLIC_BASE_URL: url(['http:', 'https:']).default('http://localhost:3000'),
  /** HMAC-SHA256 secret of the order pipeline's events. @defaultValue a development value */
  ORDER_WEBHOOK_SECRET: z.string().min(16, 'must be at least 16 characters').default(DEV_SECRET),
  /** Bearer token of operator endpoints and the codec endpoint. @defaultValue a development value */
  OPERATOR_TOKEN: z.string().min(16, 'must be at least 16 characters').default(DEV_SECRET),
  /**
   * Named operators, `id:token,…` (ids `[a-z0-9._-]`, tokens at least 16 characters): each operator's
   * Bearer token, and the id their actions are audited with. When set, OPERATOR_TOKEN is not used.
   * @defaultValue unset (OPERATOR_TOKEN alone is one operator named `operator`)
   */
  OPERATOR_TOKENS: z
    .string()
    .trim()
    .refine((value) => value === '' || value.split(',').every((pair) => /^[a-z0-9._-]{1,64}:.{16,}$/.test(pair.trim())), {
      message: 'must be comma-separated id:token pairs (id of a-z 0-9 . _ -, token at least 16 characters), e.g. anna:…,marco:…',
    })
    .refine((value) => new Set(value.split(',').map((pair) => pair.trim().split(':')[0])).size === value.split(',').length, { message: 'names an operator id twice' })
    .default(''),
  /**
   * Loopback port of this process's Prometheus metrics (`http://127.0.0.1:<port>/metrics`); 0 turns
   * them off. Set it per process. @defaultValue 9464 (API), 9465 (Temporal worker), 9466 (e-mail worker)
   */
  METRICS_PORT: int(0, 65535).optional(),
  /**
   * Loopback port of the operators' codec endpoint for the Temporal UI (`http://127.0.0.1:<port>/codec`):
   * no credentials, CORS and Origin limited to TEMPORAL_UI_URL. `npm start` sets it. @defaultValue 0 (off)
   */
  OPERATOR_CODEC_PORT: int(0, 65535).default(0),
  /** Keys digests that must not be recomputable (recovery e-mail keys, decoy questions). @defaultValue a development value */
  SESSION_SECRET: z.string().min(16, 'must be at least 16 characters').default(DEV_SECRET),
  /** AES-256-GCM key for Temporal payloads, base64 of 32 bytes. @defaultValue a development key */
  PAYLOAD_ENCRYPTION_KEY: payloadKey.default(DEV_PAYLOAD_KEY),
  /** Workflow runs a Temporal worker keeps in memory; an evicted run is replayed from its history when it next has work. Bounds the worker's memory (about 0.3 MiB per cached run), with the worker's bounded heap (stack/local-system.ts); 2,000 open signups: 263 MiB (2026-12-01). @defaultValue 60 */
  TEMPORAL_MAX_CACHED_WORKFLOWS: int(0, 100_000).default(60),
  /**
   * The Temporal UI's stack trace of a running workflow ("Stack Trace" tab, `__stack_trace` query).
   * On, the SDK formats a stack trace for every promise a workflow creates: about a fifth of the
   * worker's CPU (the `workflowStackTraces` option of our SDK patch, patches/). Turn it on, and
   * restart the Temporal worker, to see where runs wait. @defaultValue off
   */
  TEMPORAL_WORKFLOW_STACK_TRACES: z.enum(['on', 'off']).default('off'),
  /** Parallel e-mails per e-mail worker process. @defaultValue 10 */
  EMAIL_CONCURRENCY: int(1, 1000).default(10),
  /** Delivery attempts before an e-mail is abandoned. @defaultValue 8 */
  EMAIL_MAX_ATTEMPTS: int(1, 100).default(8),
  /** First retry delay; doubles each attempt, with jitter. @defaultValue 5000 */
  EMAIL_BACKOFF_MS: int(1, 3_600_000).default(5000),
  /** Job lock: a worker that dies mid-send gives the job back after this long. @defaultValue 30000 */
  EMAIL_JOB_LOCK_MS: int(1000, 600_000).default(30_000),
  /** How often the outbox reconciler looks for e-mails no queue job will deliver (docs/email.md). @defaultValue 60000 */
  EMAIL_RECONCILE_INTERVAL_MS: int(1000, 86_400_000).default(60_000),
  /** An outbox row untouched this long, with no live job, is queued again; longer than any enqueue in flight. @defaultValue 120000 */
  EMAIL_RECONCILE_GRACE_MS: int(0, 86_400_000).default(120_000),
  /** Outbox rows the reconciler looks at per run. @defaultValue 1000 */
  EMAIL_RECONCILE_BATCH: int(1, 100_000).default(1000),
  /** A signup without a password by then expires and gives back its username (fractions allowed). @defaultValue 1440 (24 h) */
  SIGNUP_EXPIRY_MINUTES: z.coerce.number().positive().max(60 * 24 * 365).default(1440),
  /** First purchase: remind a buyer who has not registered after this long. @defaultValue 1440 (24 h) */
  ORDER_REMINDER_AFTER_MINUTES: z.coerce.number().positive().max(60 * 24 * 365).default(1440),
  /** First purchase: mark the order `registration_expired` after this long. @defaultValue 10080 (7 days) */
  ORDER_REGISTRATION_EXPIRY_MINUTES: z.coerce.number().positive().max(60 * 24 * 365).default(10_080),
  /** A password-reset link works once, for this long (fractions allowed). @defaultValue 30 */
  RECOVERY_TOKEN_MINUTES: z.coerce.number().positive().max(60 * 24).default(30),
  /** "Crea nuova login": a request not confirmed by then expires and creates nothing (fractions allowed). @defaultValue 30 */
  LOGIN_REQUEST_EXPIRY_MINUTES: z.coerce.number().positive().max(60 * 24).default(30),
  /** Failed sign-ins on one username (known or not) from one client address that lock that pair; other addresses go on. @defaultValue 5 */
  LOGIN_LOCKOUT_ATTEMPTS: int(1, 1000).default(5),
  /** How long a locked (username, address) pair answers 429, and the window failures are counted in (fractions allowed). @defaultValue 15 */
  LOGIN_LOCKOUT_MINUTES: z.coerce.number().positive().max(60 * 24).default(15),
  /** Sign-in attempts per client address and minute; more answer 429. @defaultValue 20 */
  SIGN_IN_RATE_LIMIT_PER_MINUTE: int(1, 1_000_000).default(20),
  /** Sign-in attempts from all addresses together per minute (with reauthentication): bounds argon2's CPU and memory. @defaultValue 6000 */
  SIGN_IN_RATE_LIMIT_TOTAL_PER_MINUTE: int(1, 100_000_000).default(6000),
  /** Longest wait a sign-in meets after many failures on its username from anywhere (the progressive delay; never a lockout). @defaultValue 3000 */
  LOGIN_DELAY_MAX_MS: int(0, 60_000).default(3000),
  /**
   * Requests per client address (an IPv6 /64 is one) and minute to each anonymous step of a
   * registration: the form and the password, of signup and of REGISTRATI (also "Crea nuova login"
   * and `POST /me/password`, which hash alike). Load tests raise it. @defaultValue 10
   */
  SIGNUP_RATE_LIMIT_PER_MINUTE: int(1, 100_000_000).default(10),
  /** The same steps from all addresses together per minute. @defaultValue 3000 */
  SIGNUP_RATE_LIMIT_TOTAL_PER_MINUTE: int(1, 100_000_000).default(3000),
  /** E-mail, recovery question or answer, password and new logins need a sign-in (or reauthentication) this recent (fractions allowed). @defaultValue 15 */
  PRIVILEGED_SESSION_MINUTES: z.coerce.number().positive().max(60 * 24).default(15),
  /** Holder-data correction: without an operator's decision by then it is rejected automatically (fractions allowed). @defaultValue 336 (14 days) */
  CORRECTION_DEADLINE_HOURS: z.coerce.number().positive().max(24 * 365).default(336),
  /**
   * Which proxies' `X-Forwarded-For`/`-Proto` to believe: a hop count, or the balancers' addresses
   * or CIDRs, comma-separated. Decides the client address (rate limits) and https (the cookie).
   * @defaultValue 0 (none: the headers are ignored)
   */
  TRUST_PROXY: trustProxy.default(0),
  /** Outbox rows once final (sent, failed, abandoned) are deleted this long after their last change (docs/retention.md). @defaultValue 30 */
  OUTBOX_RETENTION_DAYS: int(1, 36_500).default(30),
  /** Audit events of holder-data decisions are deleted this long after the decision (docs/retention.md). @defaultValue 3650 (10 years) */
  AUDIT_RETENTION_DAYS: int(1, 36_500).default(3650),
  /** Orders whose buyer never registered are deleted this long after they expired (docs/retention.md). @defaultValue 365 */
  UNREGISTERED_ORDER_RETENTION_DAYS: int(1, 36_500).default(365),
  /** How often the retention schedule runs. @defaultValue 24 */
  RETENTION_INTERVAL_HOURS: int(1, 24 * 31).default(24),
  /** Log level. @defaultValue info */
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export type Config = z.infer<typeof configSchema>;

const DEV_DEFAULTS: Array<keyof Config> = ['ORDER_WEBHOOK_SECRET', 'OPERATOR_TOKEN', 'SESSION_SECRET', 'PAYLOAD_ENCRYPTION_KEY'];

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Reads and validates the configuration; throws a ConfigError naming every bad variable. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ''));
  const parsed = configSchema.safeParse(present);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`));
  }
  const config = parsed.data;
  if (config.NODE_ENV !== 'development') {
    // OPERATOR_TOKEN is not used when OPERATOR_TOKENS names the operators.
    const insecure = DEV_DEFAULTS.filter((key) => config[key] === configSchema.shape[key].parse(undefined) && !(key === 'OPERATOR_TOKEN' && config.OPERATOR_TOKENS));
    if (insecure.length > 0) {
      throw new ConfigError(
        insecure.map((key) => `${key}: must be set (its default is for development only; NODE_ENV is ${config.NODE_ENV}, only NODE_ENV=development accepts it)`),
      );
    }
  }
  return config;
}

/** For process entry points: the config, or a clear message and exit code 78 (EX_CONFIG). */
export function loadConfigOrExit(): Config {
  try {
    return loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(78);
    }
    throw error;
  }
}
