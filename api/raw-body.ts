import type { IncomingMessage } from 'node:http';

declare module 'node:http' {
  interface IncomingMessage {
    /** The request body as received, for signatures over exact bytes (order webhooks). */
    rawBody?: Buffer;
  }
}

/** `express.json({ verify })` hook: keeps the bytes the JSON was parsed from. */
export function keepRawBody(req: IncomingMessage, _res: unknown, buffer: Buffer): void {
  req.rawBody = buffer;
}
