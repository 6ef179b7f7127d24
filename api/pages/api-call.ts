import type { CookieOptions, Request, Response } from 'express';
import type { Language } from '../messages';

/** What a JSON route answered: its status and parsed body (the API's error shape on failure). */
export interface ApiAnswer<B = unknown> {
  status: number;
  body: B;
}

/** The API's error body, `{error: {code, message, fields?}}`. */
export interface ApiErrorBody {
  error: { code: string; message: string; fields?: { path: string; rule: string; message: string }[] };
}

export interface ApiCall {
  method: 'get' | 'post' | 'patch' | 'delete';
  /** Path and query, e.g. `/api/v1/orders/A1/registration?token=…`. */
  path: string;
  body?: unknown;
  language: Language;
  idempotencyKey?: string;
}

/**
 * Runs one JSON API request inside the page's own request, through the app's router: every
 * middleware and route of the API applies (validation, rate limits by the browser's address,
 * capabilities, privileged session, cross-site checks), so a page never restates a rule. The
 * browser's headers and socket are inherited; cookies the API sets go onto the page's response,
 * and later calls of the same page request see them.
 */
export function callApi<B = unknown>(req: Request, res: Response, call: ApiCall): Promise<ApiAnswer<B>> {
  const cookies = cookieJarOf(res);
  const headers: Record<string, string | string[] | undefined> = { ...req.headers, 'accept-language': call.language };
  // The body is handed over parsed: no length or encoding for the JSON parser to read again.
  delete headers['content-length'];
  delete headers['transfer-encoding'];
  delete headers['content-type'];
  if (call.body !== undefined) headers['content-type'] = 'application/json';
  if (call.idempotencyKey) headers['idempotency-key'] = call.idempotencyKey;
  headers.cookie = withCookies(req.headers.cookie, cookies);

  const apiRequest = Object.create(req) as Request;
  Object.assign(apiRequest, { method: call.method.toUpperCase(), url: call.path, originalUrl: call.path, headers, body: call.body, params: {} });

  return new Promise<ApiAnswer<B>>((resolve, reject) => {
    const answer = new CapturedResponse(res, cookies, (status, body) => resolve({ status, body: body as B }));
    // Express 5's app router (the one `app.use` fills): the request runs every layer an HTTP request would.
    const router = req.app.router as unknown as { handle: (req: Request, res: Response, done: (error?: unknown) => void) => void };
    router.handle(apiRequest, answer as unknown as Response, (error?: unknown) => {
      reject(error instanceof Error ? error : new Error(`no API route answered ${call.method} ${call.path}`));
    });
  });
}

/** The API's answer is an error of this code (e.g. `reauthentication_required`). */
export function isApiError(answer: ApiAnswer, code?: string): answer is ApiAnswer<ApiErrorBody> {
  const error = (answer.body as Partial<ApiErrorBody> | undefined)?.error;
  return answer.status >= 400 && error !== undefined && (code === undefined || error.code === code);
}

type CookieJar = Map<string, string | null>;

function cookieJarOf(res: Response): CookieJar {
  const locals = res.locals as { apiCookies?: CookieJar };
  locals.apiCookies ??= new Map();
  return locals.apiCookies;
}

function withCookies(header: string | undefined, jar: CookieJar): string | undefined {
  if (jar.size === 0) return header;
  const pairs = new Map<string, string>();
  for (const pair of (header ?? '').split(';')) {
    const eq = pair.indexOf('=');
    if (eq > 0) pairs.set(pair.slice(0, eq).trim(), pair.slice(eq + 1).trim());
  }
  for (const [name, value] of jar) {
    if (value === null) pairs.delete(name);
    else pairs.set(name, value);
  }
  return [...pairs].map(([name, value]) => `${name}=${value}`).join('; ') || undefined;
}

/** The part of Express's response the API's routes and middleware use; cookies pass through to the browser. */
class CapturedResponse {
  statusCode = 200;
  headersSent = false;
  locals: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
  private readonly headers = new Map<string, unknown>();

  constructor(
    private readonly page: Response,
    private readonly cookies: CookieJar,
    private readonly done: (status: number, body: unknown) => void,
  ) {}

  status(code: number): this {
    this.statusCode = code;
    return this;
  }
  set(field: string | Record<string, string>, value?: string): this {
    if (typeof field === 'string') this.headers.set(field.toLowerCase(), value);
    else for (const [name, v] of Object.entries(field)) this.headers.set(name.toLowerCase(), v);
    return this;
  }
  header(field: string, value: string): this {
    return this.set(field, value);
  }
  setHeader(field: string, value: unknown): this {
    this.headers.set(field.toLowerCase(), value);
    return this;
  }
  getHeader(field: string): unknown {
    return this.headers.get(field.toLowerCase());
  }
  get(field: string): unknown {
    return this.getHeader(field);
  }
  removeHeader(field: string): void {
    this.headers.delete(field.toLowerCase());
  }
  append(field: string, value: string): this {
    return this.set(field, value);
  }
  vary(): this {
    return this;
  }
  cookie(name: string, value: string, options: CookieOptions = {}): this {
    this.page.cookie(name, value, options);
    this.cookies.set(name, value);
    return this;
  }
  clearCookie(name: string, options: CookieOptions = {}): this {
    this.page.clearCookie(name, options);
    this.cookies.set(name, null);
    return this;
  }
  json(body: unknown): this {
    this.finish(body);
    return this;
  }
  send(body?: unknown): this {
    this.finish(typeof body === 'string' && body.length > 0 ? safeJson(body) : body);
    return this;
  }
  sendStatus(code: number): this {
    this.statusCode = code;
    this.finish(undefined);
    return this;
  }
  end(): this {
    this.finish(undefined);
    return this;
  }
  private finish(body: unknown): void {
    if (this.headersSent) return;
    this.headersSent = true;
    const retryAfter = this.headers.get('retry-after');
    if (retryAfter !== undefined) this.page.set('retry-after', String(retryAfter));
    this.done(this.statusCode, body);
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
