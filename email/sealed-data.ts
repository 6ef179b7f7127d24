import { defaultPayloadConverter, type PayloadCodec } from '@temporalio/common';
import { temporal } from '@temporalio/proto';

const { Payload } = temporal.api.common.v1;

/**
 * A template's data at rest in the outbox: serialized as Temporal serializes a payload, then
 * sealed by the same codec that encrypts workflow history (AES-256-GCM under
 * `PAYLOAD_ENCRYPTION_KEY`, key id inside, older keys still open it). One cipher in the project.
 */
export class SealedData {
  constructor(private readonly codec: PayloadCodec) {}

  async seal(data: Record<string, unknown>): Promise<Buffer> {
    const [sealed] = await this.codec.encode([defaultPayloadConverter.toPayload(data)]);
    if (!sealed) throw new Error('the payload codec returned nothing');
    return Buffer.from(Payload.encode(sealed).finish());
  }

  /** `sealed` as stored: a Buffer, or the BSON Binary a lean read returns. */
  async open(sealed: Uint8Array | { buffer: Uint8Array }): Promise<Record<string, unknown>> {
    const bytes = sealed instanceof Uint8Array ? sealed : sealed.buffer;
    const [payload] = await this.codec.decode([Payload.decode(bytes)]);
    if (!payload) throw new Error('the payload codec returned nothing');
    return defaultPayloadConverter.fromPayload<Record<string, unknown>>(payload);
  }
}
