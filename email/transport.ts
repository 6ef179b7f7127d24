import nodemailer, { type Transporter } from 'nodemailer';

export interface MailTransportOptions {
  smtpUrl: string;
  /** Open SMTP connections kept by the pool. */
  maxConnections: number;
  /** The job lock: every SMTP timeout stays below it, so a hung server cannot outlive the lock. */
  jobLockMs: number;
}

/** One pooled SMTP transport per process. */
export function createMailTransport(options: MailTransportOptions): Transporter {
  const url = new URL(options.smtpUrl);
  const timeout = Math.max(1000, Math.floor(options.jobLockMs / 3));
  return nodemailer.createTransport({
    host: url.hostname,
    port: Number(url.port || (url.protocol === 'smtps:' ? 465 : 25)),
    secure: url.protocol === 'smtps:',
    auth: url.username ? { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) } : undefined,
    pool: true,
    maxConnections: options.maxConnections,
    connectionTimeout: timeout,
    greetingTimeout: timeout,
    socketTimeout: timeout,
  }, {
    // Every text part quoted-printable (what Nodemailer picks for our Latin-script templates anyway):
    // naming it skips the per-message character count that chooses it, half of MIME building's CPU.
    textEncoding: 'quoted-printable',
  });
}

/** Deterministic Message-ID: the same outbox row always carries the same id, so a resend can be deduplicated downstream. */
export function messageIdFor(outboxId: string, from: string): string {
  const domain = /@([^\s>]+)/.exec(from)?.[1] ?? 'localhost';
  return `<${outboxId}@${domain}>`;
}

/**
 * The provider's id of an accepted message, from its 250 answer: Postfix says "queued as 4F2…",
 * others "id=…" or "<id>"; when there is none, the whole answer stands in for it.
 */
export function providerMessageIdFrom(response: string): string {
  const match = /queued as ([\w.@<>-]+)/i.exec(response) ?? /\bid[=:]\s*([\w.@<>-]+)/i.exec(response) ?? /(<[^>]+>)/.exec(response);
  return match?.[1] ?? response.trim();
}
