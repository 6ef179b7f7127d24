import { Router } from 'express';
import type { Payload, PayloadCodec } from '@temporalio/common';
import { z } from 'zod';
import { AppError } from '../../domain/errors';
import { PayloadDecodeError } from '../../temporal/encryption-codec';
import type { ApiDocument, RouteDoc } from '../openapi';
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

/** 400: a payload to decode that we did not encrypt, or whose ciphertext does not authenticate. */
export class UndecodablePayloadError extends AppError {
  readonly code = 'undecodable_payload';
  readonly status = 400;
}

const decodedOrRefused = async (work: Promise<Payload[]>): Promise<Payload[]> => {
  try {
    return await work;
  } catch (error) {
    throw error instanceof PayloadDecodeError ? new UndecodablePayloadError(error.message) : error;
  }
};

/**
 * The remote codec endpoint of the Temporal UI and CLI (`/codec/decode`, `/codec/encode`): lets an
 * operator read encrypted workflow history. Operator credentials required. Decoding takes only
 * payloads we encrypted (else 400 `undecodable_payload`), so the endpoint is no general decoder.
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
    const responses: RouteDoc['responses'] = { 200: { description: `${action}d payloads`, schema: wirePayloads }, 401: { description: 'Operator token required' } };
    if (action === 'decode') responses[400] = { description: '`undecodable_payload`: not encrypted by us, a key we do not hold, or damaged ciphertext' };
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
        responses,
      },
      async (_req, res, body) => {
        const payloads = fromWire(body);
        res.json(toWire(await (action === 'decode' ? decodedOrRefused(codec.decode(payloads)) : codec.encode(payloads))));
      },
    );
  }
  return router;
}
