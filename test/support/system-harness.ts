import type { Client, Connection as TemporalConnection } from '@temporalio/client';
import type { Worker } from '@temporalio/worker';
import { createApp } from '../../api/app';
import type { ApiMetrics } from '../../api/metrics';
import { customerProfileModel, type CustomerProfileModel } from '../../customers/customer-profile-model';
import { loginModel, type LoginModel } from '../../customers/login-model';
import { pingMongo } from '../../db/mongo';
import { createLogger } from '../../logging/logger';
import { pingRedis } from '../../redis/connection';
import { createTemporalClient, pingTemporal } from '../../temporal/client';
import { createEncryptionCodec } from '../../temporal/data-converter';
import { createTemporalWorker } from '../../workers/temporal-worker';
import { EmailHarness } from './email-harness';
import { json, listen, reserveServer, type JsonBody } from './http';
import { quietTemporalRuntime } from './temporal';

/**
 * The whole system on the real servers: the API on a free port, the Temporal worker and the
 * e-mail worker in this process (or the Temporal worker as a process of its own, for crash tests),
 * with the suite's own database, task queue, queue prefix and SMTP listener.
 */
export class SystemHarness extends EmailHarness {
  temporal!: { client: Client; connection: TemporalConnection };
  profiles!: CustomerProfileModel;
  logins!: LoginModel;
  private api?: Awaited<ReturnType<typeof listen>>;
  private apiMetrics?: ApiMetrics;
  private temporalWorker?: { worker: Worker; close: () => Promise<void>; running: Promise<void> };

  /**
   * `servedAtPublicBaseUrl`: PUBLIC_BASE_URL is the address the API is served at, as in production,
   * so a browser's `Origin` is the site's own (the pages' tests); otherwise the config's default.
   */
  async startSystem(options: { temporalWorker?: boolean; overrides?: Record<string, string>; servedAtPublicBaseUrl?: boolean; apiMetrics?: ApiMetrics } = {}): Promise<this> {
    quietTemporalRuntime();
    const reserved = options.servedAtPublicBaseUrl ? await reserveServer() : undefined;
    await this.start({ overrides: { ...(reserved ? { PUBLIC_BASE_URL: reserved.origin } : {}), ...options.overrides } });
    this.profiles = customerProfileModel(this.mongo);
    this.logins = loginModel(this.mongo);
    await Promise.all([this.profiles.init(), this.logins.init()]);
    this.temporal = createTemporalClient(this.config);
    if (options.temporalWorker !== false) await this.startTemporalWorker();
    this.apiMetrics = options.apiMetrics;
    this.api = await listen(this.createApi(), reserved);
    return this;
  }

  /** A new API process in effect (nothing kept in memory), on a new port: what a restart or another replica is. */
  async restartApi(): Promise<void> {
    await this.api?.close();
    this.api = await listen(this.createApi());
  }

  private createApi() {
    return createApp({
      config: this.config,
      temporal: this.temporal.client,
      mongo: this.mongo,
      redis: this.redis,
      logger: createLogger('silent', 'test'),
      readiness: { mongo: () => pingMongo(this.mongo), redis: () => pingRedis(this.redis), temporal: () => pingTemporal(this.temporal.connection) },
      codec: createEncryptionCodec(this.config.PAYLOAD_ENCRYPTION_KEY),
      temporalUiOrigin: 'http://localhost:8233',
      emailQueuePrefix: this.prefix,
      metrics: this.apiMetrics,
    });
  }

  async startTemporalWorker(): Promise<void> {
    const { worker, close } = await createTemporalWorker(this.config, { mongo: this.mongo, redis: this.redis, queuePrefix: this.prefix });
    this.temporalWorker = { worker, close, running: worker.run() };
  }

  async stopTemporalWorker(): Promise<void> {
    if (!this.temporalWorker) return;
    this.temporalWorker.worker.shutdown();
    await this.temporalWorker.running;
    await this.temporalWorker.close();
    this.temporalWorker = undefined;
  }

  url(path: string): string {
    return this.api!.url(path);
  }

  async request(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<{ status: number; body: JsonBody }> {
    const res = await fetch(this.api!.url(path), {
      method,
      headers: { 'content-type': 'application/json', ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: text ? (JSON.parse(text) as JsonBody) : undefined };
  }

  override async stop(): Promise<void> {
    await this.api?.close();
    await this.stopTemporalWorker();
    await this.temporal?.connection.close();
    await super.stop();
  }
}

export { json };
