import type { DataConverter } from '@temporalio/common';
import { EncryptionCodec } from './encryption-codec';

/** The one data converter of the client and the worker: every payload encrypted. */
export function createDataConverter(payloadEncryptionKey: string): DataConverter {
  return { payloadCodecs: [createEncryptionCodec(payloadEncryptionKey)] };
}

export function createEncryptionCodec(payloadEncryptionKey: string): EncryptionCodec {
  return new EncryptionCodec(Buffer.from(payloadEncryptionKey, 'base64'));
}
