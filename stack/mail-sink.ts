import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  receivedAt: Date;
  envelopeFrom: string;
  envelopeTo: string[];
  raw: string;
  parsed: ParsedMail;
}

/** What the sink answers to one DATA: accept, refuse with an SMTP code, or never answer. */
export type SinkReply = { accept: true } | { code: number; message: string } | { hang: true };
export type SinkPolicy = (mail: Omit<ReceivedMail, 'receivedAt'>, attempt: number) => SinkReply | Promise<SinkReply>;

const accept: SinkPolicy = () => ({ accept: true });

/**
 * A real SMTP listener that keeps what it accepts: the local mail viewer of `npm start`, and the
 * peer of the e-mail tests (which set `policy` to answer 4xx, 5xx, or hang).
 */
export class MailSink {
  readonly messages: ReceivedMail[] = [];
  /** DATA transactions seen, accepted or not. */
  attempts = 0;
  policy: SinkPolicy = accept;
  private readonly server: SMTPServer;
  private port = 0;

  constructor(private readonly limit = 1000) {
    this.server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      size: 10 * 1024 * 1024,
      onData: (stream, session, callback) => {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('error', (error) => callback(error));
        stream.on('end', () => {
          void this.receive(Buffer.concat(chunks), session).then(
            (reply) => {
              if ('hang' in reply) return; // the client's timeout or death ends it
              if ('code' in reply) return callback(Object.assign(new Error(reply.message), { responseCode: reply.code }));
              callback();
            },
            (error: Error) => callback(error),
          );
        });
      },
    });
    this.server.on('error', () => undefined);
  }

  private async receive(raw: Buffer, session: { envelope: { mailFrom: false | { address: string }; rcptTo: Array<{ address: string }> } }): Promise<SinkReply> {
    this.attempts += 1;
    const mail = {
      envelopeFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
      envelopeTo: session.envelope.rcptTo.map((r) => r.address),
      raw: raw.toString('utf8'),
      parsed: await simpleParser(raw),
    };
    const reply = await this.policy(mail, this.attempts);
    if ('accept' in reply) {
      this.messages.push({ ...mail, receivedAt: new Date() });
      if (this.messages.length > this.limit) this.messages.shift();
    }
    return reply;
  }

  async listen(port = 0): Promise<number> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, '127.0.0.1', () => resolve());
    });
    this.port = (this.server.server.address() as AddressInfo).port;
    return this.port;
  }

  get url(): string {
    return `smtp://127.0.0.1:${this.port}`;
  }

  /** Resolves with the accepted messages once there are at least `count`; rejects after `timeoutMs`. */
  async waitForMessages(count: number, timeoutMs = 20_000): Promise<ReceivedMail[]> {
    const deadline = Date.now() + timeoutMs;
    while (this.messages.length < count) {
      if (Date.now() > deadline) throw new Error(`expected ${count} e-mail(s), received ${this.messages.length}`);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    return this.messages;
  }

  clear(): void {
    this.messages.length = 0;
    this.attempts = 0;
    this.policy = accept;
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

/** Shows what the sink received: `/` as a page, `/messages` as JSON, `/messages/<n>` as the HTML part. */
export function serveMailbox(sink: MailSink, port: number): Promise<http.Server> {
  const escape = (value: string) => value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const list = sink.messages.map((m, index) => ({
      index,
      receivedAt: m.receivedAt,
      to: m.envelopeTo,
      subject: m.parsed.subject ?? '',
      text: m.parsed.text ?? '',
    }));
    if (url.pathname === '/messages') {
      res.setHeader('content-type', 'application/json');
      return res.end(JSON.stringify(list));
    }
    const one = /^\/messages\/(\d+)$/.exec(url.pathname);
    if (one) {
      const mail = sink.messages[Number(one[1])];
      if (!mail) return res.writeHead(404).end('not found');
      // The e-mail's own HTML, sandboxed by CSP: it is shown, never run.
      res.setHeader('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'");
      res.setHeader('content-type', 'text/html; charset=utf-8');
      return res.end(typeof mail.parsed.html === 'string' ? mail.parsed.html : `<pre>${escape(mail.parsed.text ?? '')}</pre>`);
    }
    res.setHeader('content-type', 'text/html; charset=utf-8');
    const rows = list
      .slice()
      .reverse()
      .map((m) => `<tr><td>${escape(new Date(m.receivedAt).toISOString())}</td><td>${escape(m.to.join(', '))}</td><td><a href="/messages/${m.index}">${escape(m.subject)}</a></td></tr>`)
      .join('');
    res.end(`<!doctype html><meta charset="utf-8"><title>anagrafica mailbox</title><meta http-equiv="refresh" content="5">
<h1>Mailbox (${list.length})</h1><table border="1" cellpadding="4"><tr><th>received</th><th>to</th><th>subject</th></tr>${rows}</table>`);
  });
  return new Promise((resolve) => server.listen(port, '127.0.0.1', () => resolve(server)));
}
