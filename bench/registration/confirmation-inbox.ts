import { MailSink } from '../../stack/mail-sink';

export const CONFIRMATION_SUBJECT = 'Conferma iscrizione';

/**
 * The in-process SMTP listener the e-mail worker delivers to: it notes when each
 * "Conferma iscrizione" arrives, by recipient, and keeps nothing else.
 */
export class ConfirmationInbox {
  private readonly sink = new MailSink(1); // the sink's own list stays short: arrivals are noted here
  private readonly arrivals = new Map<string, number>();
  private readonly waiting = new Map<string, (at: number) => void>();
  /** "Conferma iscrizione" deliveries seen. */
  delivered = 0;

  constructor() {
    this.sink.policy = (mail) => {
      if (mail.parsed.subject === CONFIRMATION_SUBJECT) {
        const at = Date.now();
        this.delivered += 1;
        for (const to of mail.envelopeTo) {
          this.arrivals.set(to, at);
          this.waiting.get(to)?.(at);
        }
      }
      return { accept: true };
    };
  }

  async listen(): Promise<string> {
    await this.sink.listen();
    return this.sink.url;
  }

  /** When the confirmation to `to` arrived (ms since the epoch), waiting for it up to `timeoutMs`. */
  arrivalFor(to: string, timeoutMs: number): Promise<number> {
    const arrived = this.arrivals.get(to);
    if (arrived !== undefined) return Promise.resolve(arrived);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiting.delete(to);
        reject(new Error(`no "${CONFIRMATION_SUBJECT}" for ${to} within ${timeoutMs} ms`));
      }, timeoutMs);
      this.waiting.set(to, (at) => {
        clearTimeout(timer);
        this.waiting.delete(to);
        resolve(at);
      });
    });
  }

  close(): Promise<void> {
    return this.sink.close();
  }
}
