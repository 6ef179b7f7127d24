import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import mongoose from 'mongoose';
import { createApp } from '../../api/app';
import { loadConfig } from '../../config';
import { createLogger } from '../../logging/logger';
import { createTemporalClient } from '../../temporal/client';
import { EncryptionCodec } from '../../temporal/encryption-codec';
import { json, listen } from '../support/http';

describe('a declared path asked with an undeclared method', () => {
  // Never connected: a 405 is answered before any route reads a store.
  const mongo = mongoose.createConnection();
  const redis = new Redis({ lazyConnect: true });
  let api: Awaited<ReturnType<typeof listen>>;

  beforeAll(async () => {
    api = await listen(
      createApp({
        config: loadConfig({ NODE_ENV: 'development' }),
        temporal: createTemporalClient(loadConfig({ NODE_ENV: 'development', TEMPORAL_ADDRESS: '127.0.0.1:1' })).client,
        mongo,
        redis,
        logger: createLogger('silent', 'test'),
        readiness: {},
        codec: new EncryptionCodec(randomBytes(32)),
        temporalUiOrigin: 'http://localhost:8233',
      }),
    );
  });
  afterAll(async () => {
    await api.close();
    await mongo.close();
    redis.disconnect();
  });

  it('answers 405 with Allow naming the declared methods, in Italian by default', async () => {
    const res = await fetch(api.url('/api/v1/signups'), { method: 'DELETE' });
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('POST');
    expect(await json(res)).toEqual({ error: { code: 'method_not_allowed', message: 'Metodo non consentito per questo indirizzo.' } });
  });

  it('matches paths with parameters, and lists HEAD beside GET', async () => {
    const res = await fetch(api.url('/api/v1/signups/4b7c9a1e-0000-4000-8000-000000000000'), { method: 'PUT' });
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('GET, HEAD');
    const preflight = await fetch(api.url('/api/v1/signups'), { method: 'OPTIONS' });
    // OPTIONS is let through (the codec's CORS preflight needs it); Express answers it with the route's Allow.
    expect(preflight.headers.get('allow')).toContain('POST');
  });

  it('answers 405 for every declared path of the OpenAPI document asked with a method it does not declare', async () => {
    const document = (await json(await fetch(api.url('/api/v1/openapi.json')))) as { paths: Record<string, Record<string, unknown>> };
    const misses: string[] = [];
    for (const [path, operations] of Object.entries(document.paths)) {
      const method = ['put', 'patch', 'delete', 'post'].find((m) => !(m in operations))!;
      const concrete = path.replace(/\{\w+\}/g, 'x1');
      const res = await fetch(api.url(concrete), { method: method.toUpperCase() });
      const allow = (res.headers.get('allow') ?? '').toLowerCase().split(', ');
      if (res.status !== 405 || !Object.keys(operations).every((m) => allow.includes(m))) misses.push(`${method} ${path} → ${res.status} allow=${allow.join(',')}`);
    }
    expect(misses).toEqual([]);
    expect(Object.keys(document.paths).length).toBeGreaterThan(15);
  });

  it('still answers 404 for a path nobody declared', async () => {
    expect((await fetch(api.url('/api/v1/nothing-here'), { method: 'DELETE' })).status).toBe(404);
  });
});
