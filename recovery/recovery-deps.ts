import type { Client } from '@temporalio/client';
import type { Redis } from 'ioredis';
import type { CustomerProfileModel } from '../customers/customer-profile-model';
import type { LoginModel } from '../customers/login-model';
import type { SessionStore } from '../sessions/session-store';

/** What the recovery use cases work on; the API builds it once (`createRecovery`). */
export interface RecoveryDeps {
  logins: LoginModel;
  profiles: CustomerProfileModel;
  /** Reset tokens live here. */
  redis: Redis;
  /** A password change ends every session of the login. */
  sessions: SessionStore;
  /** Starts the `deliverEmail` run of each recovery e-mail. */
  temporal: Client;
  /** Task queue of those runs (`TEMPORAL_TASK_QUEUE`). */
  taskQueue: string;
  /** Base of the reset link (`PUBLIC_BASE_URL`). */
  publicBaseUrl: string;
  /** How long a reset link works (`RECOVERY_TOKEN_MINUTES`). */
  tokenTtlMs: number;
  /** Keys digests nobody may recompute: e-mail keys (`SESSION_SECRET`). */
  secret: string;
  /** A successful reset forgets every sign-in lockout of the login (the API's `signInLockout`). */
  clearSignInLockout(username: string): Promise<void>;
}
