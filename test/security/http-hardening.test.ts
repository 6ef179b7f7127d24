import { completedSignup, sessionOf } from '../support/customers';
import { formsBySubjectType } from '../support/registration-samples';
import { SystemHarness } from '../support/system-harness';

const CSP = "default-src 'self';script-src 'self';style-src 'self';img-src 'self' data:;form-action 'self';frame-ancestors 'none';base-uri 'none';object-src 'none'";

describe('HTTP hardening on the real stack (development config)', () => {
  const system = new SystemHarness();
  beforeAll(() => system.startSystem(), 60_000);
  afterAll(() => system.stop());

  it.each(['/healthz', '/api/v1/openapi.json', '/api/v1/no-such-endpoint'])('%s carries helmet\'s headers with the strict CSP, and no HSTS in development', async (path) => {
    const res = await fetch(system.url(path));
    expect(res.headers.get('content-security-policy')).toBe(CSP);
    expect(res.headers.get('content-security-policy')).not.toContain('unsafe-inline');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    expect(res.headers.get('cross-origin-opener-policy')).toBe('same-origin');
    expect(res.headers.get('strict-transport-security')).toBeNull();
    expect(res.headers.get('x-powered-by')).toBeNull();
  });

  it('GET /api/v1/signups/%E0 → 400 malformed_url with the standard error body, never 500', async () => {
    const res = await system.request('GET', '/api/v1/signups/%E0', undefined, { 'accept-language': 'en' });
    expect(res).toEqual({ status: 400, body: { error: { code: 'malformed_url', message: 'The request address contains invalid percent-encoding.' } } });
  });

  it('every documented path parameter, badly encoded, answers 400 to a signed-in customer and an operator alike', async () => {
    // Signed in and with the operator token, so no guard answers 401 before the parameter is read.
    const credentials = { cookie: await sessionOf(system, await completedSignup(system, formsBySubjectType.persona_fisica)), authorization: `Bearer ${system.config.OPERATOR_TOKEN}` };
    const openapi = (await system.request('GET', '/api/v1/openapi.json')).body as { paths: Record<string, Record<string, unknown>> };
    const withParams = Object.entries(openapi.paths).filter(([path]) => path.includes('{'));
    expect(withParams.length).toBeGreaterThan(5);
    const answers = [];
    for (const [path, methods] of withParams) {
      for (const method of Object.keys(methods)) {
        const bad = path.replace(/\{\w+\}/g, '%E0%A4%A');
        const res = await system.request(method.toUpperCase(), `${bad}?token=x`, method === 'get' ? undefined : {}, credentials);
        answers.push([method, path, res.status, res.body?.error?.code]);
      }
    }
    expect(answers).toEqual(answers.map(([method, path]) => [method, path, 400, 'malformed_url']));
  });
});
