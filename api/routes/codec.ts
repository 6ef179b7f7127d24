import { Router } from 'express';
import type { Payload, PayloadCodec } from '@temporalio/common';
import { z } from 'zod';
import type { ApiDocument } from '../openapi';
import { requireOperator } from '../operator-auth';
import { route } from '../route';

const base64 = z.string().regex(/^[A-Za-z0-9+/]*={0,2}$/, 'base64');
const wirePayloads = z.strictObject({
  payloads: z.array(z.object({ metadata: z.record(z.string(), base64).optional(), data: base64.optional() })).max(1000),
});
type WirePayloads = z.output<typeof wirePayloads>;

const fromWire = ({ payloads }: WirePayloads): Payload[] =>
  payloads.map((p) => ({
    metadata: Object.fromEntries(Object.entries(p.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v, 'base64')])),
    data: Buffer.from(p.data ?? '', 'base64'),
  }));

const toWire = (payloads: Payload[]) => ({
  payloads: payloads.map((p) => ({
    metadata: Object.fromEntries(Object.entries(p.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v).toString('base64')])),
    data: Buffer.from(p.data ?? new Uint8Array()).toString('base64'),
  })),
});

/**
 * The remote codec endpoint of the Temporal UI and CLI (`/codec/decode`, `/codec/encode`): lets an
 * operator read encrypted workflow history. Operator credentials required.
 */
export function codecRoutes(docs: ApiDocument, codec: PayloadCodec, operatorToken: string, uiOrigin: string): Router {
  const router = Router();
  router.use('/codec', (req, res, next) => {
    res.set({
      'access-control-allow-origin': uiOrigin,
      'access-control-allow-methods': 'POST, OPTIONS',
      'access-control-allow-headers': 'content-type, authorization, x-namespace',
      'access-control-allow-credentials': 'true',
      vary: 'origin',
    });
    if (req.method === 'OPTIONS') return void res.sendStatus(204);
    next();
  });
  router.use('/codec', requireOperator(operatorToken));
  for (const action of ['decode', 'encode'] as const) {
    route(
      router,
      docs,
      {
        method: 'post',
        path: `/codec/${action}`,
        summary: `Temporal remote codec: ${action} payloads`,
        tags: ['operator'],
        security: 'operator',
        body: wirePayloads,
        responses: { 200: { description: `${action}d payloads`, schema: wirePayloads }, 401: { description: 'Operator token required' } },
      },
      async (_req, res, body) => {
        res.json(toWire(await codec[action](fromWire(body))));
      },
    );
  }
  return router;
}
