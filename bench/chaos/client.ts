/** One HTTP answer, or `undefined` when the request never got one (connection refused or reset, timeout). */
export interface Answer {
  status: number;
  body: Record<string, unknown> & { error?: { code?: string } };
}

export interface RetryStats {
  requests: number;
  /** Requests sent again: no answer, 5xx, 429, or a 409 that means "not yet". */
  retries: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A client as a real one behaves during an outage: the same request again (same body, same
 * Idempotency-Key), after a backoff that doubles up to 2 s with jitter, until `accept` takes the
 * answer or the deadline passes.
 */
export class PatientClient {
  readonly stats: RetryStats = { requests: 0, retries: 0 };

  constructor(
    private readonly baseUrl: string,
    private readonly deadlineMs: number,
  ) {}

  async send(
    method: string,
    path: string,
    options: { body?: unknown; headers?: () => Record<string, string>; accept: (answer: Answer) => boolean },
  ): Promise<Answer> {
    const deadline = Date.now() + this.deadlineMs;
    const raw = options.body === undefined ? undefined : JSON.stringify(options.body);
    let delay = 100;
    let last: Answer | undefined;
    for (let attempt = 0; ; attempt += 1) {
      if (attempt > 0) this.stats.retries += 1;
      this.stats.requests += 1;
      last = await this.once(method, path, raw, options.headers?.() ?? {});
      if (last && options.accept(last)) return last;
      if (last && last.status >= 400 && last.status < 500 && last.status !== 429 && last.status !== 409 && last.status !== 404) {
        throw new Error(`${method} ${path} → ${last.status} ${JSON.stringify(last.body)}`);
      }
      if (Date.now() > deadline) throw new Error(`${method} ${path}: no acceptable answer in time (last: ${last ? `${last.status} ${JSON.stringify(last.body)}` : 'none'})`);
      await sleep(delay * (0.5 + Math.random()));
      delay = Math.min(delay * 2, 2000);
    }
  }

  private async once(method: string, path: string, raw: string | undefined, headers: Record<string, string>): Promise<Answer | undefined> {
    try {
      const res = await fetch(`${this.baseUrl}${path}`, {
        method,
        headers: { 'content-type': 'application/json', ...headers },
        body: raw,
        signal: AbortSignal.timeout(20_000),
      });
      const text = await res.text();
      let body: Answer['body'] = {};
      try {
        body = text ? (JSON.parse(text) as Answer['body']) : {};
      } catch {
        body = { text } as Answer['body'];
      }
      return { status: res.status, body };
    } catch {
      return undefined;
    }
  }
}
