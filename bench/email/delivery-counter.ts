import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

export interface Delivery {
  messageId: string;
  receivedAt: number;
}

const HEADER_LIMIT = 16 * 1024;

/**
 * The benchmark's SMTP peer: a real SMTP listener in this process that accepts every message and
 * notes its Message-ID and arrival, reading only the header block. `stack/mail-sink.ts` parses the
 * whole MIME tree of each message (for tests and the local mailbox), which cost about as much CPU
 * as building it; a relay's cost is not the pipeline's, so the benchmark does not pay it.
 */
export class DeliveryCounter {
  readonly deliveries: Delivery[] = [];
  private readonly server: SMTPServer;
  private port = 0;

  constructor() {
    this.server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      onData: (stream, _session, callback) => {
        let head = '';
        stream.on('data', (chunk: Buffer) => {
          if (head.length < HEADER_LIMIT && !head.includes('\r\n\r\n')) head += chunk.toString('latin1');
        });
        stream.on('error', (error) => callback(error));
        stream.on('end', () => {
          const header = head.slice(0, head.indexOf('\r\n\r\n') + 1 || undefined);
          this.deliveries.push({ messageId: /^message-id:\s*(<[^>\r\n]*>)/im.exec(header)?.[1] ?? '', receivedAt: Date.now() });
          callback();
        });
      },
    });
    this.server.on('error', () => undefined);
  }

  async listen(): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(0, '127.0.0.1', () => resolve());
    });
    this.port = (this.server.server.address() as AddressInfo).port;
  }

  get url(): string {
    return `smtp://127.0.0.1:${this.port}`;
  }

  /** Resolves with the deliveries once there are `count`; rejects after `timeoutMs`. */
  async waitFor(count: number, timeoutMs: number): Promise<Delivery[]> {
    const deadline = Date.now() + timeoutMs;
    while (this.deliveries.length < count) {
      if (Date.now() > deadline) throw new Error(`expected ${count} e-mail(s), received ${this.deliveries.length}`);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    return this.deliveries;
  }

  clear(): void {
    this.deliveries.length = 0;
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
