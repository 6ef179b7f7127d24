import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { METADATA_ENCODING_KEY, type Payload, type PayloadCodec } from '@temporalio/common';
import { temporal } from '@temporalio/proto';

const ENCODING = 'binary/encrypted';
const KEY_ID = 'encryption-key-id';
const IV_BYTES = 12;
const TAG_BYTES = 16;

/** A payload this codec cannot decode: not sealed by us, sealed with a key we do not hold, or damaged. */
export class PayloadDecodeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PayloadDecodeError';
  }
}

/** The id of a key: a fingerprint, so the key itself never has to be named in config or history. */
export function keyIdOf(key: Buffer): string {
  return `sha256:${createHash('sha256').update(key).digest('hex').slice(0, 16)}`;
}

/**
 * AES-256-GCM over each whole serialized payload (data and metadata), so workflow history holds
 * no readable personal data. The key id goes in the metadata; keys that are only for decoding
 * (older ones, after a rotation) can be passed alongside the current one. Decoding accepts only
 * what it sealed: a plain payload is refused, so nothing reaches a workflow (or an operator's
 * screen) that did not come through the key.
 */
export class EncryptionCodec implements PayloadCodec {
  private readonly keyId: string;
  private readonly keysById: Map<string, Buffer>;

  constructor(
    private readonly key: Buffer,
    previousKeys: Buffer[] = [],
  ) {
    if (key.length !== 32) throw new Error('payload encryption key must be 32 bytes');
    this.keyId = keyIdOf(key);
    this.keysById = new Map([key, ...previousKeys].map((k) => [keyIdOf(k), k]));
  }

  async encode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((payload) => {
      const plain = temporal.api.common.v1.Payload.encode(payload).finish();
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', this.key, iv);
      const sealed = Buffer.concat([iv, cipher.update(plain), cipher.final(), cipher.getAuthTag()]);
      return {
        metadata: {
          [METADATA_ENCODING_KEY]: Buffer.from(ENCODING),
          [KEY_ID]: Buffer.from(this.keyId),
        },
        data: sealed,
      };
    });
  }

  async decode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((payload) => this.open(payload));
  }

  private open(payload: Payload): Payload {
    const encoding = payload.metadata?.[METADATA_ENCODING_KEY];
    if (!encoding || Buffer.from(encoding).toString() !== ENCODING) throw new PayloadDecodeError('payload is not encrypted');
    const keyIdBytes = payload.metadata?.[KEY_ID];
    const keyId = keyIdBytes ? Buffer.from(keyIdBytes).toString() : '';
    const key = this.keysById.get(keyId);
    if (!key) throw new PayloadDecodeError(`no payload decryption key with id ${keyId}`);
    const sealed = Buffer.from(payload.data ?? new Uint8Array());
    if (sealed.length < IV_BYTES + TAG_BYTES) throw new PayloadDecodeError('encrypted payload is truncated');
    try {
      const decipher = createDecipheriv('aes-256-gcm', key, sealed.subarray(0, IV_BYTES));
      decipher.setAuthTag(sealed.subarray(sealed.length - TAG_BYTES));
      const plain = Buffer.concat([decipher.update(sealed.subarray(IV_BYTES, sealed.length - TAG_BYTES)), decipher.final()]);
      return temporal.api.common.v1.Payload.decode(plain);
    } catch {
      throw new PayloadDecodeError('encrypted payload does not authenticate (damaged, or sealed with another key)');
    }
  }
}
