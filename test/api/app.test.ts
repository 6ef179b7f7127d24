import { randomBytes } from 'node:crypto';
import { defaultPayloadConverter } from '@temporalio/common';
import { Redis } from 'ioredis';
import mongoose from 'mongoose';
import { createApp } from '../../api/app';
import { loadConfig } from '../../config';
import { createTemporalClient } from '../../temporal/client';
import { createLogger } from '../../logging/logger';
import { EncryptionCodec } from '../../temporal/encryption-codec';
import { json, listen } from '../support/http';

const OPERATOR_TOKEN = 'operator-token-for-tests-0123456789';

describe('the API skeleton', () => {
  const readiness = { mongo: jest.fn(async () => true), redis: jest.fn(async () => true), temporal: jest.fn(async () => true) };
  const codec = new EncryptionCodec(randomBytes(32));
  // Never connected: these tests reach no route that reads MongoDB or Redis.
  const mongo = mongoose.createConnection();
  const redis = new Redis({ lazyConnect: true });
  let api: Awaited<ReturnType<typeof listen>>;

  beforeAll(async () => {
    api = await listen(
      createApp({
        config: loadConfig({ NODE_ENV: 'development', OPERATOR_TOKEN }),
        // Never called by these tests: a lazy client to nowhere.
        temporal: createTemporalClient(loadConfig({ NODE_ENV: 'development', TEMPORAL_ADDRESS: '127.0.0.1:1' })).client,
        mongo,
        redis,
        logger: createLogger('silent', 'test'),
        readiness,
        codec,
        temporalUiOrigin: 'http://localhost:8233',
      }),
    );
  });
  afterAll(async () => {
    await api.close();
    await mongo.close();
    redis.disconnect();
  });

  it('answers /healthz while alive', async () => {
    const res = await fetch(api.url('/healthz'));
    expect(res.status).toBe(200);
    expect(await json(res)).toEqual({ status: 'ok' });
  });

  it('answers /readyz 200 when every dependency answers, 503 naming the one that does not', async () => {
    expect((await fetch(api.url('/readyz'))).status).toBe(200);
    readiness.redis.mockResolvedValueOnce(false);
    const res = await fetch(api.url('/readyz'));
    expect(res.status).toBe(503);
    expect(await json(res)).toEqual({ status: 'unavailable', checks: { mongo: 'up', redis: 'down', temporal: 'up' } });
  });

  it('treats a dependency check that throws as down, not as a 500', async () => {
    readiness.mongo.mockRejectedValueOnce(new Error('boom'));
    const res = await fetch(api.url('/readyz'));
    expect(res.status).toBe(503);
    expect((await json(res)).checks.mongo).toBe('down');
  });

  it('answers malformed JSON with 400 malformed_json, in Italian by default and English on request', async () => {
    const post = (language?: string) =>
      fetch(api.url('/codec/decode'), {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${OPERATOR_TOKEN}`, ...(language ? { 'accept-language': language } : {}) },
        body: '{"payloads": [',
      });
    const it_ = await post();
    expect(it_.status).toBe(400);
    expect(await json(it_)).toEqual({ error: { code: 'malformed_json', message: 'Il corpo della richiesta non è JSON valido.' } });
    const en = await post('en-GB,en;q=0.9');
    expect((await json(en)).error.message).toBe('The request body is not valid JSON.');
  });

  it('answers a body over the limit with 413, not 500', async () => {
    const res = await fetch(api.url('/codec/decode'), {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${OPERATOR_TOKEN}` },
      body: JSON.stringify({ payloads: [{ data: 'A'.repeat(100_000) }] }),
    });
    expect(res.status).toBe(413);
    expect((await json(res)).error.code).toBe('payload_too_large');
  });

  it('answers an unknown path with 404 in the error shape', async () => {
    const res = await fetch(api.url('/api/v1/nothing-here'));
    expect(res.status).toBe(404);
    expect((await json(res)).error.code).toBe('not_found');
  });

  it('rejects unknown and ill-typed fields with 422, every field at once, localized', async () => {
    const res = await fetch(api.url('/codec/decode'), {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${OPERATOR_TOKEN}`, 'accept-language': 'en' },
      body: JSON.stringify({ payloads: [{ data: 42 }], extra: true }),
    });
    expect(res.status).toBe(422);
    const body = await json(res);
    expect(body.error.code).toBe('validation_failed');
    expect(body.error.fields).toEqual(
      expect.arrayContaining([
        { path: 'extra', rule: 'unknown_field', message: 'Unknown field.' },
        { path: 'payloads.0.data', rule: 'type', message: 'Wrong type of value: expected string.' },
      ]),
    );
  });

  describe('the codec endpoint for the Temporal UI', () => {
    const payload = defaultPayloadConverter.toPayload({ firstName: 'Mario' });
    const toWire = (p: typeof payload) => ({
      metadata: Object.fromEntries(Object.entries(p.metadata!).map(([k, v]) => [k, Buffer.from(v).toString('base64')])),
      data: Buffer.from(p.data!).toString('base64'),
    });

    it('requires the operator token', async () => {
      for (const authorization of [undefined, 'Bearer wrong-token', OPERATOR_TOKEN]) {
        const res = await fetch(api.url('/codec/decode'), {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) },
          body: JSON.stringify({ payloads: [] }),
        });
        expect(res.status).toBe(401);
        expect((await json(res)).error.code).toBe('unauthorized');
      }
    });

    it('decodes what the workers encrypted', async () => {
      const [sealed] = await codec.encode([payload]);
      const res = await fetch(api.url('/codec/decode'), {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${OPERATOR_TOKEN}` },
        body: JSON.stringify({ payloads: [toWire(sealed!)] }),
      });
      expect(res.status).toBe(200);
      const [decoded] = (await json(res)).payloads;
      expect(JSON.parse(Buffer.from(decoded.data, 'base64').toString())).toEqual({ firstName: 'Mario' });
    });

    it('answers the UI preflight with CORS for the UI origin', async () => {
      const res = await fetch(api.url('/codec/decode'), { method: 'OPTIONS', headers: { origin: 'http://localhost:8233' } });
      expect(res.status).toBe(204);
      expect(res.headers.get('access-control-allow-origin')).toBe('http://localhost:8233');
    });
  });

  it('serves an OpenAPI 3.1 document built from the validating schemas', async () => {
    const res = await fetch(api.url('/api/v1/openapi.json'));
    expect(res.status).toBe(200);
    const doc = await json(res);
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/healthz', '/readyz', '/codec/decode', '/codec/encode']));
    const body = doc.paths['/codec/decode'].post.requestBody.content['application/json'].schema;
    expect(body).toMatchObject({ type: 'object', required: ['payloads'], additionalProperties: false });
  });
});
