import express, { Router, type Express } from 'express';
import type { Payload, PayloadCodec } from '@temporalio/common';
import { z } from 'zod';
import { AppError } from '../../domain/errors';
import { PayloadDecodeError } from '../../temporal/encryption-codec';
import type { Logger } from '../../logging/logger';
import { errorHandler, notFoundHandler } from '../errors';
import { ApiDocument, type RouteDoc } from '../openapi';
import { requireOperator, type NamedOperator } from '../operator-auth';
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

function corsFor(uiOrigin: string): express.RequestHandler {
  return (req, res, next) => {
    res.set({
      'access-control-allow-origin': uiOrigin,
      'access-control-allow-methods': 'POST, OPTIONS',
      'access-control-allow-headers': 'content-type, authorization, x-namespace',
      'access-control-allow-credentials': 'true',
      vary: 'origin',
    });
    if (req.method === 'OPTIONS') return void res.sendStatus(204);
    next();
  };
}

/** `/codec/decode` and `/codec/encode` on `router`; the caller puts in front what lets only operators in. */
function codecActions(router: Router, docs: ApiDocument, codec: PayloadCodec, security: RouteDoc['security']): void {
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
        security,
        body: wirePayloads,
        responses,
      },
      async (_req, res, body) => {
        const payloads = fromWire(body);
        res.json(toWire(await (action === 'decode' ? decodedOrRefused(codec.decode(payloads)) : codec.encode(payloads))));
      },
    );
  }
}

/**
 * The remote codec endpoint of the Temporal UI and CLI on the public port (`/codec/decode`,
 * `/codec/encode`): lets an operator read encrypted workflow history. Operator credentials
 * required. Decoding takes only payloads we encrypted (else 400 `undecodable_payload`), so the
 * endpoint is no general decoder.
 */
export function codecRoutes(docs: ApiDocument, codec: PayloadCodec, operators: NamedOperator[], uiOrigin: string): Router {
  const router = Router();
  router.use('/codec', corsFor(uiOrigin));
  router.use('/codec', requireOperator(operators));
  codecActions(router, docs, codec, 'operator');
  return router;
}

/** 403: a browser request to the operators' codec listener from a page other than the Temporal UI. */
export class ForeignOriginError extends AppError {
  readonly code = 'foreign_origin';
  readonly status = 403;
}

/**
 * The same codec for the Temporal UI of a local run, on a listener of its own that the API process
 * binds to loopback (OPERATOR_CODEC_PORT): the UI's fetch carries no credentials, so this listener
 * asks none, and instead admits only the UI's origin. CORS lets no other page read an answer, and a
 * request whose `Origin` is another page's (a site in the operator's browser, or DNS rebinding onto
 * 127.0.0.1) is refused outright, before anything is decoded. Without `Origin` (the `temporal` CLI
 * on the same machine, `--codec-endpoint`) it answers: loopback is the boundary, as for the dev server.
 */
export function operatorCodecApp(codec: PayloadCodec, uiOrigin: string, logger: Logger): Express {
  const app = express();
  app.disable('x-powered-by');
  app.use((req, _res, next) => {
    const origin = req.get('origin');
    next(origin !== undefined && origin !== uiOrigin ? new ForeignOriginError('only the Temporal UI may call this codec endpoint') : undefined);
  });
  app.use('/codec', corsFor(uiOrigin));
  app.use(express.json({ limit: '4mb', strict: true }));
  const router = Router();
  // Its own (unpublished) document: the public OpenAPI describes the public port only.
  codecActions(router, new ApiDocument(), codec, undefined);
  app.use(router);
  app.use(notFoundHandler);
  app.use(errorHandler(logger));
  return app;
}
